package org.coinfer.runtime.edge;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.coinfer.api.CutPoint;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.Exit;
import org.coinfer.api.FittedLatencyModel;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.model.Profiler;
import org.coinfer.model.ProfilerConfig;
import org.coinfer.model.Segments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Finishes requests on the edge: checks the received tensor against the cut it claims to be,
 * runs the rest of the exit's path, and serves this host's profile of each model, measured once
 * in the background right after activation so the device need not wait for it. Immediate, so
 * the profile survives the transport server restarting; a failed profiling run is retried
 * when the profile is next asked for.
 */
@Component(configurationPid = ProfilerConfig.PID, immediate = true)
public final class EdgeRuntime implements EdgeExecutor {
    private static final Logger LOG = System.getLogger(EdgeRuntime.class.getName());

    private final ModelCatalog catalog;
    private final InferenceBackend backend;
    private final Map<String, CompletableFuture<HostProfile>> profiles = new ConcurrentHashMap<>();
    private final Profiler profiler;
    /** This edge's per-layer model, when the regression bundle is installed: the device plans new models with it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FittedLatencyModel layers;
    private final ExecutorService profiling = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coinfer-edge-profiler");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public EdgeRuntime(@Reference ModelCatalog catalog,
            // The engine selection, never an engine directly: requests run on what it selects.
            @Reference(target = InferenceBackend.SELECTED, policyOption = ReferencePolicyOption.GREEDY) InferenceBackend backend,
            ProfilerConfig profiling) {
        this.catalog = catalog;
        this.backend = backend;
        this.profiler = Profiler.of(profiling);
        for (LoadedModel m : catalog.models()) {
            profiles.put(profileKey(m.id()), start(m));
        }
    }

    /** Profiles are kept per engine: after a switch the edge profiles the new one once, and switching back needs none. */
    private String profileKey(String modelId) {
        return backend.engine() + "|" + modelId;
    }

    @Deactivate
    void deactivate() {
        profiling.shutdownNow();
    }

    private CompletableFuture<HostProfile> start(LoadedModel m) {
        return CompletableFuture.supplyAsync(() -> measure(m), profiling);
    }

    private HostProfile measure(LoadedModel m) {
        try {
            HostProfile p = profiler.profile(backend, m, Host.EDGE, (done, total) -> { });
            LOG.log(Level.INFO, "model {0} profiled on the edge", m.id());
            return p;
        } catch (InferenceException e) {
            LOG.log(Level.ERROR, "cannot profile model " + m.id() + " on the edge: " + e.getMessage(), e);
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "profiling of {0} stopped: the edge runtime is being deactivated", m.id());
            throw new CancellationException(e.getMessage());
        }
    }

    @Override
    public Tensor finish(InferenceRequest request) throws InferenceException {
        String modelId = request.modelId();
        int exitNumber = request.exit();
        int cut = request.cut();
        Tensor input = request.tensor();
        LoadedModel model = model(modelId);
        String hash = model.description().contentHash();
        if (!request.contentHash().isEmpty() && !request.contentHash().equals(hash)) {
            throw new InferenceException("model " + modelId + " differs: the edge has content sha256 " + hash
                    + ", the device planned with " + request.contentHash() + "; install the same model bundle on both");
        }
        Exit exit;
        try {
            exit = model.description().exit(exitNumber);
        } catch (IllegalArgumentException e) {
            throw new InferenceException(e.getMessage());
        }
        if (cut < 0 || cut >= exit.layers()) {
            throw new InferenceException("exit " + exitNumber + " of model " + modelId + " has edge cuts 0.."
                    + (exit.layers() - 1) + ", not " + cut);
        }
        CutPoint at = exit.cut(cut);
        if (input.byteSize() != at.bytes()) {
            throw new InferenceException("cut " + cut + " of exit " + exitNumber + " is tensor '" + at.tensor() + "' of "
                    + at.bytes() + " bytes, found " + input + " of " + input.byteSize() + " bytes");
        }
        return Segments.run(backend, model, new SegmentKey(modelId, exitNumber, cut, exit.layers()), input);
    }

    @Override
    public HostProfile profile(String modelId) throws InferenceException {
        LoadedModel m = model(modelId);
        CompletableFuture<HostProfile> f = profiles.compute(profileKey(modelId),
                (id, old) -> old == null || old.isCompletedExceptionally() ? start(m) : old);
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new InferenceException("the edge could not profile model " + modelId + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while profiling model " + modelId, e);
        }
    }

    @Override
    public String layerModel() throws InferenceException {
        FittedLatencyModel f = layers;
        if (f == null) {
            throw new InferenceException("this edge has no per-layer latency model: bundle coinfer.predictor.regression is not installed");
        }
        return f.json().orElseThrow(() -> new InferenceException("the edge's per-layer latency model is not ready: " + f.status()));
    }

    private LoadedModel model(String modelId) throws InferenceException {
        try {
            return catalog.model(modelId);
        } catch (NoSuchElementException e) {
            throw new InferenceException(e.getMessage());
        }
    }
}
