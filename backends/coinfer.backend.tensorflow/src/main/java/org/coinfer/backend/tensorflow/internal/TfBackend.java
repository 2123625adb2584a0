package org.coinfer.backend.tensorflow.internal;

import java.util.Arrays;
import org.coinfer.api.DType;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.segments.SegmentTable;
import org.coinfer.backend.segments.StartOnce;
import org.coinfer.engine.tensorflow.TensorFlowNatives;
import org.coinfer.engine.tensorflow.TensorFlowSessions;
import org.coinfer.onnx.OnnxFormatException;
import org.coinfer.onnx.program.OnnxProgram;
import org.coinfer.onnx.program.UnsupportedOperatorException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Runs segments with TensorFlow on the CPU: each segment is lowered from ONNX to one graph when
 * it is loaded, and its session serves every request until the segment is unloaded.
 */
@Component(configurationPid = TfBackend.PID, property = InferenceBackend.ENGINE + "=" + Lowering.ENGINE)
@Designate(ocd = TfBackend.Config.class)
public final class TfBackend implements InferenceBackend {
    static final String PID = "org.coinfer.backend.tensorflow";

    @ObjectClassDefinition(name = "Coinfer TensorFlow backend",
            description = "Thread counts of the TensorFlow sessions that run model segments, and where TensorFlow's native libraries unpack.")
    public @interface Config {
        @AttributeDefinition(name = "Intra-op threads", description = "Threads one operator may use; 0 lets TensorFlow choose.")
        int intraOpThreads() default 1;

        /**
         * -1 by default: every operator runs on the requesting thread, as ONNX Runtime's single
         * thread does, so a request's CPU time is its own (the device emulation stretches it) and no
         * hand-over to a pool is paid; measured on B-AlexNet's final exit: 1.10 ms against 1.27 ms with 1.
         */
        @AttributeDefinition(name = "Inter-op threads", description = "Operators run at once; 0 lets TensorFlow choose; "
                + "-1 runs every operator on the thread that sends the request.", min = "-1")
        int interOpThreads() default -1;

        @AttributeDefinition(name = "Natives folder", description = "Folder TensorFlow's native libraries unpack into "
                + "(about 700 MB, once per TensorFlow version). Empty: the framework property "
                + TensorFlowNatives.FOLDER_PROPERTY + ", else java.io.tmpdir/coinfer-tensorflow. The natives load "
                + "once per JVM, so a change applies after a restart.")
        String nativesFolder() default "";
    }

    private final SegmentTable<Segment> segments = new SegmentTable<>();
    /**
     * Loaded when first needed, so a container that has this engine installed but runs another
     * pays neither the unpacking nor TensorFlow's memory.
     */
    private final StartOnce<Boolean> natives;
    private volatile Config config;

    private record Segment(Graph graph, Session session, Lowering.Lowered io, long[] inputShape) implements AutoCloseable {
        Tensor run(Tensor input) {
            if (io.constant() != null) {
                return io.constant();
            }
            try (TFloat32 in = TfTensors.toTf(input);
                 Result r = session.runner().feed(io.input(), in).fetch(io.output()).run()) {
                return TfTensors.fromTf(r.get(0));
            }
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }

    @Activate
    public TfBackend(Config config, BundleContext context) {
        this(config, context.getProperty(TensorFlowNatives.FOLDER_PROPERTY));
    }

    /**
     * Outside a framework (tools, tests).
     *
     * @param frameworkFolder the natives folder when the configuration names none, or null for the default
     */
    public TfBackend(Config config, String frameworkFolder) {
        this.config = config;
        this.natives = new StartOnce<>(() -> {
            String folder = this.config.nativesFolder().isBlank() ? frameworkFolder : this.config.nativesFolder();
            TensorFlowNatives.load(TensorFlowNatives.folder(folder));
            return Boolean.TRUE;
        });
    }

    /** The sessions are built again with the new thread counts. */
    @Modified
    void modified(Config config) throws InferenceException {
        this.config = config;
        segments.rebuild(this::build);
    }

    @Deactivate
    void deactivate() {
        segments.clear();
    }

    @Override
    public String engine() {
        return Lowering.ENGINE;
    }

    /** False once the natives failed to load; asking does not load them (the console asks every engine). */
    @Override
    public boolean isReady() {
        return !natives.failed();
    }

    @Override
    public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
        try {
            natives.get();
        } catch (UnsatisfiedLinkError | RuntimeException unavailable) {
            throw new InferenceException("TensorFlow cannot load segment " + key + ": its natives did not load: "
                    + unavailable.getMessage(), unavailable);
        }
        segments.load(key, onnxModel, this::build);
    }

    /** Lowers, builds and runs the segment once on zeros, so its first request pays no set-up. */
    private Segment build(SegmentKey key, byte[] onnxModel) throws InferenceException {
        Config c = config;
        Graph graph = new Graph();
        try {
            OnnxProgram program = OnnxProgram.lower(onnxModel, "segment " + key);
            Lowering.Lowered io = Lowering.lower(program, graph);
            Segment s = new Segment(graph, TensorFlowSessions.open(graph, c.intraOpThreads(), c.interOpThreads()),
                    io, program.inputShape());
            try {
                s.run(new Tensor(DType.FLOAT32, s.inputShape(),
                        java.nio.ByteBuffer.allocate(Math.toIntExact(Tensor.elementCount(s.inputShape()) * 4))));
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        } catch (UnsupportedOperatorException e) {
            graph.close();
            throw new InferenceException(e.getMessage(), e);
        } catch (OnnxFormatException | IllegalArgumentException e) {
            graph.close();
            throw new InferenceException("TensorFlow cannot load segment " + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            graph.close();
            throw new InferenceException("TensorFlow cannot run segment " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        return segments.isLoaded(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        return segments.run(key, s -> {
            if (input.dtype() != DType.FLOAT32 || !Arrays.equals(input.shape(), s.inputShape())) {
                throw new InferenceException("segment " + key + " takes FLOAT32" + Arrays.toString(s.inputShape())
                        + ", found " + input);
            }
            try {
                return s.run(input);
            } catch (RuntimeException e) {
                throw new InferenceException("TensorFlow failed on segment " + key + " with input " + input + ": "
                        + e.getMessage(), e);
            }
        });
    }

    @Override
    public void unload(SegmentKey key) {
        segments.unload(key);
    }
}
