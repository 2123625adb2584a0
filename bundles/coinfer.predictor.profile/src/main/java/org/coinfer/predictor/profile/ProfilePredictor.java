package org.coinfer.predictor.profile;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.Transport;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.model.Profiler;
import org.coinfer.model.ProfilerConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Predicts from measurements: on activation it times every segment of every model on this
 * device, in the background, and fetches the edge's own profile over the transport. A model
 * is covered once both profiles are in and the edge's matches the model's content hash.
 */
@Component(configurationPid = ProfilerConfig.PID)
public final class ProfilePredictor implements LatencyPredictor {
    /** Pause between attempts to fetch the edge's profile while the edge is not up yet. */
    static final long EDGE_RETRY_MS = 500;
    private static final Logger LOG = System.getLogger(ProfilePredictor.class.getName());

    private final Map<String, HostProfile> device = new ConcurrentHashMap<>();
    private final Map<String, HostProfile> edge = new ConcurrentHashMap<>();
    private final Thread worker;

    @Activate
    public ProfilePredictor(@Reference ModelCatalog catalog, @Reference InferenceBackend backend,
                            @Reference Transport transport, ProfilerConfig profiling) {
        Profiler profiler = Profiler.of(profiling);
        worker = new Thread(() -> collect(catalog, backend, transport, profiler, EDGE_RETRY_MS), "coinfer-profiler");
        worker.setDaemon(true);
        worker.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.interrupt();
        worker.join(5_000);
    }

    private void collect(ModelCatalog catalog, InferenceBackend backend, Transport transport, Profiler profiler, long retryMs) {
        for (LoadedModel m : catalog.models()) {
            try {
                LOG.log(Level.INFO, "profiling model {0} on the device", m.id());
                device.put(m.id(), profiler.profile(backend, m, Host.DEVICE, (done, total) ->
                        LOG.log(Level.DEBUG, "model {0}: part {1}/{2} timed", m.id(), done, total)));
                LOG.log(Level.INFO, "model {0} profiled on the device", m.id());
            } catch (InterruptedException e) {
                LOG.log(Level.DEBUG, "profiling stopped: the predictor is being deactivated");
                return;
            } catch (Exception e) {
                LOG.log(Level.ERROR, "cannot profile model " + m.id() + " on the device: " + e.getMessage(), e);
            }
        }
        for (LoadedModel m : catalog.models()) {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    HostProfile p = transport.edgeProfile(m.id());
                    if (!p.contentHash().equals(m.description().contentHash())) {
                        LOG.log(Level.ERROR, "edge {0} serves model {1} with content hash {2}, the device has {3}: not using it",
                                transport.remote(), m.id(), p.contentHash(), m.description().contentHash());
                        break;
                    }
                    edge.put(m.id(), p);
                    LOG.log(Level.INFO, "model {0}: edge profile received from {1}", m.id(), transport.remote());
                    break;
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "edge profile of {0} not available yet: {1}", m.id(), e.getMessage());
                    try {
                        Thread.sleep(retryMs);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
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
        return device.containsKey(model.id()) && edge.containsKey(model.id());
    }
}
