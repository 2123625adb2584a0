package org.coinfer.backend.selection.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The container's inference backend as its users see it: the installed engine the configuration
 * names. Ranked above the engines (and below the device emulation, which wraps it), so the
 * runtimes, predictors and profilers follow it without knowing engines exist. Changing the
 * engine switches the next request: in-flight requests finish on the old engine first, and each
 * segment loads on the new one when it is next needed, from the bytes kept here.
 */
@Component(configurationPid = ActiveBackend.PID, service = InferenceBackend.class, property = ActiveBackend.ACTIVE + "=true")
@ServiceRanking(50)
@Designate(ocd = ActiveBackend.Config.class)
public final class ActiveBackend implements InferenceBackend {
    static final String PID = "org.coinfer.backend";
    /** Marks this service, so it never selects itself. */
    static final String ACTIVE = "coinfer.backend.active";
    private static final Logger LOG = System.getLogger(ActiveBackend.class.getName());
    /** Runs when the configured engine is not installed or cannot run here. Never another engine: a JNI
     * library loads into one class loader per JVM, so an engine is not started unless asked for. */
    static final String FALLBACK = "onnxruntime";

    @ObjectClassDefinition(name = "Coinfer inference engine",
            description = "Which installed engine runs this container's model segments. A change applies from the next request; "
                    + "latency profiles are kept per engine, so switching back needs no new profiling.")
    public @interface Config {
        @AttributeDefinition(name = "Engine", description = "An installed engine; when it is not installed or cannot run "
                + "here (its natives do not load), ONNX Runtime runs, and the log says so.",
                options = {@Option(label = "ONNX Runtime", value = "onnxruntime"),
                        @Option(label = "TensorFlow Java", value = "tensorflow"),
                        @Option(label = "DJL (PyTorch)", value = "djl")})
        String engine() default "onnxruntime";
    }

    private final Map<String, InferenceBackend> engines = new ConcurrentSkipListMap<>();
    /** Every loaded segment's model, so another engine can load it after a switch. */
    private final Map<SegmentKey, byte[]> segments = new ConcurrentHashMap<>();
    /** Requests share the engine; a switch waits for them, so none sees its segments unloaded. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile String configured;
    private volatile InferenceBackend active;

    @Activate
    public ActiveBackend(Config config) {
        configured = config.engine().trim();
    }

    @Modified
    void modified(Config config) {
        configured = config.engine().trim();
        select();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(&(" + InferenceBackend.ENGINE + "=*)(!(" + ACTIVE + "=true))(!(coinfer.emulated=true)))")
    void addEngine(InferenceBackend engine, Map<String, Object> properties) {
        engines.put(String.valueOf(properties.get(InferenceBackend.ENGINE)), engine);
        select();
    }

    void removeEngine(InferenceBackend engine, Map<String, Object> properties) {
        engines.remove(String.valueOf(properties.get(InferenceBackend.ENGINE)), engine);
        select();
    }

    /** The configured engine, or the fallback when it is not installed; frees the segments of the one replaced. */
    private void select() {
        lock.writeLock().lock();
        try {
            InferenceBackend next = engines.getOrDefault(configured, engines.get(FALLBACK));
            InferenceBackend before = active;
            if (next == before) {
                return;
            }
            active = next;
            if (before != null) {
                segments.keySet().forEach(before::unload);
            }
            LOG.log(Level.INFO, "inference engine: {0}", next == null ? "none installed yet" : next.engine());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The engine name configured, whether or not it is installed. */
    String configured() {
        return configured;
    }

    /** The engine requests run on now: the selected one, or ONNX Runtime when the selected one cannot run here. */
    private InferenceBackend current() {
        InferenceBackend b = active;
        if (b != null && !b.isReady()) {
            InferenceBackend fallback = engines.get(FALLBACK);
            if (fallback != null && fallback != b) {
                if (warned.add("ready:" + b.engine())) {
                    LOG.log(Level.WARNING, "engine {0} cannot run here (see its earlier errors); running on {1}", b.engine(), FALLBACK);
                }
                return fallback;
            }
        }
        return b;
    }

    @Override
    public String engine() {
        InferenceBackend b = current();
        return b == null ? "none" : b.engine();
    }

    @Override
    public boolean isReady() {
        InferenceBackend b = current();
        return b != null && b.isReady();
    }

    @Override
    public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
        lock.readLock().lock();
        try {
            loadOn(engine(key), key, onnxModel);
            segments.put(key, onnxModel);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Loads on {@code b}; when that fails because {@code b} cannot run here (its natives did not
     * load just now), loads on ONNX Runtime instead, so the request goes on. Returns the engine
     * that holds the segment.
     */
    private InferenceBackend loadOn(InferenceBackend b, SegmentKey key, byte[] model) throws InferenceException {
        try {
            b.load(key, model);
            return b;
        } catch (InferenceException e) {
            InferenceBackend fallback = engines.get(FALLBACK);
            if (b.isReady() || fallback == null || fallback == b) {
                throw e;
            }
            LOG.log(Level.WARNING, "engine {0} cannot run here ({1}); running on {2}", b.engine(), e.getMessage(), FALLBACK);
            warned.add("ready:" + b.engine());
            fallback.load(key, model);
            return fallback;
        }
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        InferenceBackend b = current();
        return b != null && segments.containsKey(key) && b.isLoaded(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        lock.readLock().lock();
        try {
            InferenceBackend b = engine(key);
            if (!b.isLoaded(key)) { // loaded before a switch: load it on this engine now
                byte[] model = segments.get(key);
                if (model == null) {
                    throw new InferenceException("segment " + key + " is not loaded");
                }
                b = loadOn(b, key, model);
            }
            return b.infer(key, input);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void unload(SegmentKey key) {
        lock.readLock().lock();
        try {
            segments.remove(key);
            engines.values().forEach(b -> b.unload(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    private InferenceBackend engine(SegmentKey key) throws InferenceException {
        InferenceBackend b = current();
        if (b == null) {
            throw new InferenceException("no inference engine is installed to run segment " + key + " (configured: " + configured + ")");
        }
        // Said when a segment is about to run elsewhere, not while engines are still registering at start.
        if (!engines.containsKey(configured) && warned.add(configured)) {
            LOG.log(Level.WARNING, "engine {0} is not installed (installed: {1}); running on {2}", configured, engines.keySet(), b.engine());
        }
        return b;
    }
}
