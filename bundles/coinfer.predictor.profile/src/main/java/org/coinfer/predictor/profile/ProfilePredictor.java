package org.coinfer.predictor.profile;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.coinfer.api.EdgeRefusedException;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.PredictorName;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.model.Profiler;
import org.coinfer.model.ProfilerConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Predicts from measurements: in the background it times the device's part of every model's
 * paths and fetches the edge's own profile over the transport, model by model, starting with
 * those in the catalog at activation; a model installed later is profiled when first asked
 * for. A model is covered once both profiles are in and both match its content hash; until
 * then {@link #uncoveredReason} says what is missing (an unreachable edge, a model the edge
 * lacks or holds with other content), and the worker keeps trying. The device's profiles are
 * kept per engine, so switching the engine back needs no new profiling; the edge's profile is
 * fetched again when it is older than {@link #EDGE_REFRESH_MS}, as the edge may switch too.
 */
@Component(configurationPid = ProfilerConfig.PID)
@PredictorName(ProfilePredictor.NAME)
public final class ProfilePredictor implements LatencyPredictor {
    public static final String NAME = "profile";
    /** Pause between attempts to fetch the edge's profile while the edge is not up yet. */
    static final long EDGE_RETRY_MS = 500;
    /** Age at which the edge's profile is fetched again (in the background; the old one serves meanwhile). */
    static final long EDGE_REFRESH_MS = 30_000;
    private static final Logger LOG = System.getLogger(ProfilePredictor.class.getName());

    /** By engine and model: {@link #deviceKey}. */
    private final Map<String, HostProfile> device = new ConcurrentHashMap<>();
    private final Map<String, HostProfile> edge = new ConcurrentHashMap<>();
    private final Map<String, Long> edgeFetchedAt = new ConcurrentHashMap<>();
    /** Models asked for, profiled one after another by the worker; a model installed later joins it. */
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    /** Why a model is not covered yet, by model id: the last failure seen while profiling it. */
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final ModelCatalog catalog;
    private final Thread worker;
    /** The backend the device's profiles are taken on; its engine name keys them. */
    private volatile InferenceBackend backend;

    @Activate
    public ProfilePredictor(@Reference ModelCatalog catalog, @Reference Transport transport, ProfilerConfig profiling) {
        this.catalog = catalog;
        catalog.models().forEach(m -> request(m.id()));
        Profiler profiler = Profiler.of(profiling);
        worker = new Thread(() -> work(transport, profiler), "coinfer-profiler");
        worker.setDaemon(true);
    }

    /** Outside a framework (tests, tools): every service given at once. */
    public ProfilePredictor(ModelCatalog catalog, InferenceBackend backend, Transport transport, ProfilerConfig profiling) {
        this(catalog, transport, profiling);
        bindBackend(backend);
    }

    /**
     * Dynamic and greedy: profiles are taken on the backend requests run on, so when a better-
     * ranked one appears (the device emulation) the device's profiles are taken on it too,
     * and this predictor, and what plans with it, stay as they are.
     */
    @Reference(target = InferenceBackend.SELECTED, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBackend(InferenceBackend b) {
        InferenceBackend before = backend;
        backend = b;
        if (before != null) {
            catalog.models().forEach(m -> request(m.id()));
            LOG.log(Level.INFO, "a new backend ({0}): profiling the device on it unless done before", b.engine());
        }
        if (worker.getState() == Thread.State.NEW) {
            worker.start();
        }
    }

    void unbindBackend(InferenceBackend b) {
        // Replaced by the next bind, or the component is deactivated: a mandatory reference has no gap to fill.
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.interrupt();
        worker.join(5_000);
    }

    private void request(String modelId) {
        if (requested.add(modelId)) {
            pending.add(modelId);
        }
    }

    private void work(Transport transport, Profiler profiler) {
        try {
            while (true) {
                String id = pending.take();
                LoadedModel m;
                try {
                    m = catalog.model(id);
                } catch (NoSuchElementException e) {
                    requested.remove(id);
                    continue;
                }
                String hash = m.description().contentHash();
                boolean edgeKnown = matches(edge.get(id), hash);
                if (!matches(device.get(deviceKey(id)), hash) && !profileDevice(profiler, m)) {
                    requested.remove(id); // the next request for it tries again
                } else if ((edgeKnown && !edgeStale(id)) || fetchEdge(transport, m) || edgeKnown) {
                    requested.remove(id); // a failed refresh keeps the profile it had
                } else {
                    pending.add(id); // after the other models: one edge problem does not hold them up
                    Thread.sleep(EDGE_RETRY_MS);
                }
            }
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "profiling stopped: the predictor is being deactivated");
        }
    }

    private boolean profileDevice(Profiler profiler, LoadedModel m) throws InterruptedException {
        try {
            InferenceBackend b = backend;
            String engine = b.engine();
            LOG.log(Level.INFO, "profiling model {0} on the device ({1})", m.id(), engine);
            HostProfile p = profiler.profile(b, m, Host.DEVICE, (done, total) ->
                    LOG.log(Level.DEBUG, "model {0}: part {1}/{2} timed", m.id(), done, total));
            if (!engine.equals(backend.engine())) {
                pending.add(m.id()); // the engine changed while it was timed: time it again on the new one
                return false;
            }
            device.put(engine + "|" + m.id(), p);
            LOG.log(Level.INFO, "model {0} profiled on the device ({1})", m.id(), engine);
            return true;
        } catch (InferenceException | RuntimeException e) {
            problem(m.id(), Level.ERROR, "cannot profile model " + m.id() + " on the device: " + e.getMessage());
            return false;
        }
    }

    /** Fetches the edge's profile once; when it cannot be used, records why and returns false. */
    private boolean fetchEdge(Transport transport, LoadedModel m) {
        String hash = m.description().contentHash();
        try {
            HostProfile p = transport.edgeProfile(m.id());
            if (!p.contentHash().equals(hash)) {
                problem(m.id(), Level.ERROR, "model " + m.id() + " differs: the edge at " + transport.remote()
                        + " has content sha256 " + p.contentHash() + ", the device has " + hash
                        + "; install the same model bundle on both");
                return false;
            }
            edge.put(m.id(), p);
            edgeFetchedAt.put(m.id(), System.nanoTime());
            problems.remove(m.id());
            LOG.log(Level.INFO, "model {0}: edge profile received from {1}", m.id(), transport.remote());
            return true;
        } catch (EdgeRefusedException e) {
            problem(m.id(), Level.ERROR, "the edge at " + transport.remote() + " refused model " + m.id() + ": " + e.getMessage());
        } catch (TransportException e) {
            // Usual while the edge starts: worth a line for the person asking, not an error.
            problem(m.id(), Level.DEBUG, "no profile of model " + m.id() + " from the edge yet: " + e.getMessage());
        }
        return false;
    }

    /** Records why a model is not covered; logs each new reason once. */
    private void problem(String modelId, Level level, String why) {
        if (!why.equals(problems.put(modelId, why))) {
            LOG.log(level, why);
        }
    }

    /** The device's profiles of a model on the engine requests run on now. */
    private String deviceKey(String modelId) {
        InferenceBackend b = backend;
        return (b == null ? "" : b.engine()) + "|" + modelId;
    }

    private boolean edgeStale(String modelId) {
        Long at = edgeFetchedAt.get(modelId);
        return at == null || System.nanoTime() - at > EDGE_REFRESH_MS * 1_000_000;
    }

    private HostProfile stored(Host host, String modelId) {
        return host == Host.DEVICE ? device.get(deviceKey(modelId)) : edge.get(modelId);
    }

    private static boolean matches(HostProfile p, String contentHash) {
        return p != null && p.contentHash().equals(contentHash);
    }

    @Override
    public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
        HostProfile p = stored(host, model.id());
        if (p == null) {
            throw new IllegalArgumentException("no " + host + " profile of model " + model.id() + " yet");
        }
        return p.rangeMs(exit, fromCut, toCut);
    }

    @Override
    public Optional<HostProfile> profile(Host host, String modelId) {
        return Optional.ofNullable(stored(host, modelId));
    }

    @Override
    public boolean covers(ModelDescription model) {
        return uncoveredReason(model).isEmpty();
    }

    @Override
    public String uncoveredReason(ModelDescription model) {
        String id = model.id();
        if (matches(device.get(deviceKey(id)), model.contentHash()) && matches(edge.get(id), model.contentHash())) {
            if (edgeStale(id)) {
                request(id); // refreshed in the background; this one serves meanwhile
            }
            return "";
        }
        request(id);
        String why = problems.get(id);
        return why != null ? why : "model " + id + " is being profiled on the device and the edge; try again shortly";
    }
}
