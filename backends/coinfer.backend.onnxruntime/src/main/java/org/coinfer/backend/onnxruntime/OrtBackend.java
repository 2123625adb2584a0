package org.coinfer.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
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
    /** Loaded models are kept as bytes too, so a reconfiguration can rebuild their sessions. */
    private final Map<SegmentKey, Segment> segments = new ConcurrentHashMap<>();
    /** Requests share the sessions; loading, reconfiguring and unloading replace or close them. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Config config;

    private record Segment(byte[] model, OrtSession session) {
    }

    @Activate
    public OrtBackend(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config config) throws InferenceException {
        lock.writeLock().lock();
        try {
            this.config = config;
            for (Map.Entry<SegmentKey, Segment> e : segments.entrySet()) {
                replace(e.getKey(), e.getValue().model());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Deactivate
    void deactivate() {
        segments.keySet().forEach(this::unload);
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
        lock.writeLock().lock();
        try {
            replace(key, onnxModel);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void replace(SegmentKey key, byte[] onnxModel) throws InferenceException {
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
            close(segments.put(key, new Segment(onnxModel, session)));
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime cannot load segment " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        return segments.containsKey(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        lock.readLock().lock();
        try {
            return run(key, input);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Tensor run(SegmentKey key, Tensor input) throws InferenceException {
        Segment s = segments.get(key);
        if (s == null) {
            throw new InferenceException("segment " + key + " is not loaded");
        }
        String name = s.session().getInputNames().iterator().next();
        try (OnnxTensor in = OrtTensors.toOrt(env, input);
             OrtSession.Result result = s.session().run(Map.of(name, in))) {
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
        lock.writeLock().lock();
        try {
            close(segments.remove(key));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void close(Segment s) {
        if (s != null) {
            try {
                s.session().close();
            } catch (OrtException e) {
                // The session is gone either way; nothing else holds it.
            }
        }
    }
}
