package org.coinfer.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.segments.SegmentTable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Runs segments with ONNX Runtime on the CPU, one cached session per segment. */
@Component(configurationPid = OrtBackend.PID, property = InferenceBackend.ENGINE + "=" + OrtBackend.ENGINE)
@Designate(ocd = OrtBackend.Config.class)
public final class OrtBackend implements InferenceBackend {
    static final String PID = "org.coinfer.backend.onnxruntime";
    static final String ENGINE = "onnxruntime";

    @ObjectClassDefinition(name = "Coinfer ONNX Runtime backend",
            description = "Thread counts and graph optimisation of the ONNX Runtime sessions that run model segments.")
    public @interface Config {
        @AttributeDefinition(name = "Intra-op threads", description = "Threads one operator may use; 0 lets ONNX Runtime choose.")
        int intraOpThreads() default 1;

        @AttributeDefinition(name = "Inter-op threads", description = "Threads that run independent operators in parallel; 0 lets ONNX Runtime choose.")
        int interOpThreads() default 1;

        @AttributeDefinition(name = "Graph optimisation", description = "ONNX Runtime graph optimisation level.")
        OrtSession.SessionOptions.OptLevel optimization() default OrtSession.SessionOptions.OptLevel.ALL_OPT;
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final SegmentTable<OrtSession> segments = new SegmentTable<>();
    private volatile Config config;

    @Activate
    public OrtBackend(Config config) {
        this.config = config;
    }

    /** The sessions are built again with the new options. */
    @Modified
    void modified(Config config) throws InferenceException {
        this.config = config;
        segments.rebuild(this::session);
    }

    @Deactivate
    void deactivate() {
        segments.clear();
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
        segments.load(key, onnxModel, this::session);
    }

    private OrtSession session(SegmentKey key, byte[] onnxModel) throws InferenceException {
        Config c = config;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(c.intraOpThreads());
            options.setInterOpNumThreads(c.interOpThreads());
            options.setOptimizationLevel(c.optimization());
            OrtSession session = env.createSession(onnxModel, options);
            if (session.getNumInputs() != 1 || session.getNumOutputs() != 1) {
                session.close();
                throw new InferenceException("segment " + key + " must have one input and one output, found "
                        + session.getNumInputs() + " and " + session.getNumOutputs());
            }
            return session;
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime cannot load segment " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        return segments.isLoaded(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        return segments.run(key, session -> run(key, session, input));
    }

    private Tensor run(SegmentKey key, OrtSession session, Tensor input) throws InferenceException {
        String name = session.getInputNames().iterator().next();
        try (OnnxTensor in = OrtTensors.toOrt(env, input);
             OrtSession.Result result = session.run(Map.of(name, in))) {
            OnnxValue out = result.get(0);
            if (!(out instanceof OnnxTensor t)) {
                throw new InferenceException("segment " + key + " returned " + out.getType() + ", not a tensor");
            }
            return OrtTensors.fromOrt(t);
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime failed on segment " + key + " with input " + input + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unload(SegmentKey key) {
        segments.unload(key);
    }
}
