package org.coinfer.predictor.profile;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyPredictor;
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

/**
 * Predicts from measurements: in the background it times the device's part of every model's
 * paths and fetches the edge's own profile over the transport, model by model, starting with
 * those in the catalog at activation; a model installed later is profiled when first asked
 * for. A model is covered once both profiles are in and the edge's matches its content hash.
 */
@Component(configurationPid = ProfilerConfig.PID)
public final class ProfilePredictor implements LatencyPredictor {
    /** Pause between attempts to fetch the edge's profile while the edge is not up yet. */
    static final long EDGE_RETRY_MS = 500;
    private static final Logger LOG = System.getLogger(ProfilePredictor.class.getName());

    private final Map<String, HostProfile> device = new ConcurrentHashMap<>();
    private final Map<String, HostProfile> edge = new ConcurrentHashMap<>();
    /** Models asked for, profiled one after another by the worker; a model installed later joins it. */
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final ModelCatalog catalog;
    private final Thread worker;

    @Activate
    public ProfilePredictor(@Reference ModelCatalog catalog, @Reference InferenceBackend backend,
                            @Reference Transport transport, ProfilerConfig profiling) {
        this.catalog = catalog;
        catalog.models().forEach(m -> request(m.id()));
        Profiler profiler = Profiler.of(profiling);
        worker = new Thread(() -> work(backend, transport, profiler), "coinfer-profiler");
        worker.setDaemon(true);
        worker.start();
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

    private void work(InferenceBackend backend, Transport transport, Profiler profiler) {
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
                profileDevice(backend, profiler, m);
                fetchEdge(transport, m);
            }
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "profiling stopped: the predictor is being deactivated");
        }
    }

    private void profileDevice(InferenceBackend backend, Profiler profiler, LoadedModel m) throws InterruptedException {
        try {
            LOG.log(Level.INFO, "profiling model {0} on the device", m.id());
            device.put(m.id(), profiler.profile(backend, m, Host.DEVICE, (done, total) ->
                    LOG.log(Level.DEBUG, "model {0}: part {1}/{2} timed", m.id(), done, total)));
            LOG.log(Level.INFO, "model {0} profiled on the device", m.id());
        } catch (InferenceException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot profile model " + m.id() + " on the device: " + e.getMessage(), e);
        }
    }

    /** Asks the edge until it answers; an edge profile of other content is refused, loudly. */
    private void fetchEdge(Transport transport, LoadedModel m) throws InterruptedException {
        while (true) {
            try {
                HostProfile p = transport.edgeProfile(m.id());
                if (!p.contentHash().equals(m.description().contentHash())) {
                    LOG.log(Level.ERROR, "edge {0} serves model {1} with content hash {2}, the device has {3}: not using it",
                            transport.remote(), m.id(), p.contentHash(), m.description().contentHash());
                } else {
                    edge.put(m.id(), p);
                    LOG.log(Level.INFO, "model {0}: edge profile received from {1}", m.id(), transport.remote());
                }
                return;
            } catch (TransportException e) {
                LOG.log(Level.DEBUG, "edge profile of {0} not available yet: {1}", m.id(), e.getMessage());
                Thread.sleep(EDGE_RETRY_MS);
            }
        }
    }

    @Override
    public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
        HostProfile p = (host == Host.DEVICE ? device : edge).get(model.id());
        if (p == null) {
            throw new IllegalArgumentException("no " + host + " profile of model " + model.id() + " yet");
        }
        return p.rangeMs(exit, fromCut, toCut);
    }

    @Override
    public boolean covers(ModelDescription model) {
        request(model.id());
        return device.containsKey(model.id()) && edge.containsKey(model.id());
    }
}
