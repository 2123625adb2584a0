package org.coinfer.backend.djl.internal;

import ai.djl.engine.Engine;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.segments.SegmentTable;
import org.coinfer.backend.segments.StartOnce;
import org.coinfer.engine.djl.PyTorch;
import org.coinfer.onnx.OnnxFormatException;
import org.coinfer.onnx.program.OnnxProgram;
import org.coinfer.onnx.program.UnsupportedOperatorException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Runs segments on DJL's PyTorch engine (CPU): each segment is lowered once at load into NDArray
 * operations over constants kept in the segment's own NDManager.
 */
@Component(configurationPid = DjlBackend.PID, property = InferenceBackend.ENGINE + "=" + Lowering.ENGINE)
@Designate(ocd = DjlBackend.Config.class)
public final class DjlBackend implements InferenceBackend {
    static final String PID = "org.coinfer.backend.djl";

    @ObjectClassDefinition(name = "Coinfer DJL backend",
            description = "Threads of the PyTorch engine (through DJL) that runs model segments.")
    public @interface Config {
        @AttributeDefinition(name = "Intra-op threads",
                description = "Threads one operator may use, for the whole process (PyTorch has one setting); 0 lets PyTorch choose.")
        int intraOpThreads() default 1;
    }

    /**
     * Started when first needed, so a container that has this engine installed but runs another
     * pays neither libtorch's unpacking nor its memory.
     */
    private final StartOnce<Engine> pytorch = new StartOnce<>(() -> {
        Engine e = PyTorch.engine();
        PyTorch.intraOpThreads(this.config.intraOpThreads());
        return e;
    });
    private volatile Config config;
    private final SegmentTable<Plan> segments = new SegmentTable<>();

    @Activate
    public DjlBackend(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
        if (pytorch.started()) {
            PyTorch.intraOpThreads(config.intraOpThreads());
        }
    }

    @Deactivate
    void deactivate() {
        segments.clear();
    }

    @Override
    public String engine() {
        return Lowering.ENGINE;
    }

    /** False once PyTorch failed to start; asking does not start it (the console asks every engine). */
    @Override
    public boolean isReady() {
        return !pytorch.failed();
    }

    @Override
    public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
        segments.load(key, onnxModel, this::plan);
    }

    private Plan plan(SegmentKey key, byte[] onnxModel) throws InferenceException {
        try {
            OnnxProgram program = OnnxProgram.lower(onnxModel, "segment " + key);
            program.requireSupported(Kernels.SUPPORTED, Lowering.ENGINE);
            return Lowering.plan(program, pytorch.get().newBaseManager());
        } catch (UnsupportedOperatorException | OnnxFormatException e) {
            throw new InferenceException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InferenceException("DJL cannot prepare segment " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        return segments.isLoaded(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        return segments.run(key, plan -> plan.run(input));
    }

    @Override
    public void unload(SegmentKey key) {
        segments.unload(key);
    }
}
