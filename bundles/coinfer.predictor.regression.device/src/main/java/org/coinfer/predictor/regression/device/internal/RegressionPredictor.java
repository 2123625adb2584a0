package org.coinfer.predictor.regression.device.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.coinfer.api.Exit;
import org.coinfer.api.FittedLatencyModel;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.PredictorName;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.onnx.OnnxNode;
import org.coinfer.predictor.regression.LayerModel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Predicts from the device's and the edge's fitted per-layer models, so a model neither host
 * has timed whole is planned for at once. The edge's model comes over the transport when it
 * is first needed and is asked for again at most every {@value #EDGE_REFRESH_MS} ms while in
 * use, so a refit on the edge reaches the device. On the device a prefix whose segment is not
 * loaded yet also pays its predicted loading time.
 */
@Component(service = LatencyPredictor.class)
@PredictorName(RegressionPredictor.NAME)
public final class RegressionPredictor implements LatencyPredictor {
    public static final String NAME = "regression";
    static final long EDGE_REFRESH_MS = 30_000;
    static final long EDGE_RETRY_MS = 1_000;
    private static final Logger LOG = System.getLogger(RegressionPredictor.class.getName());

    private final ModelCatalog catalog;
    private final Transport transport;
    private final FittedLatencyModel local;
    /** The device's model, parsed once per JSON document. */
    private final AtomicReference<Parsed> device = new AtomicReference<>();
    /** The edge's model as last received, with when it was asked for. */
    private final AtomicReference<Edge> edge = new AtomicReference<>(new Edge(null, "asking it", System.nanoTime()));
    private final AtomicReference<CompletableFuture<Void>> fetching = new AtomicReference<>();
    /** Predicted profiles by host, model and content, for the layer models they were predicted with. */
    private final Map<String, Predicted> cache = new ConcurrentHashMap<>();
    @Reference(target = InferenceBackend.SELECTED, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InferenceBackend backend;

    @Activate
    public RegressionPredictor(@Reference ModelCatalog catalog, @Reference Transport transport, @Reference FittedLatencyModel local) {
        this.catalog = catalog;
        this.transport = transport;
        this.local = local;
        refreshEdge(); // when the device connects, not when a plan first needs it
    }

    /** A layer model and the JSON it was read from. */
    private record Parsed(LayerModel model, String json) {
        static Parsed of(String json, String source, Parsed before) {
            return before != null && before.json.equals(json) ? before : new Parsed(LayerModel.parse(json, source), json);
        }
    }

    /** The edge's model as last received (null before the first), why the last request for it failed, and when it was asked for. */
    private record Edge(Parsed parsed, String problem, long askedNanos) {
    }

    /** A model's predicted profile on a host, and its prefixes' weights in bytes (for loading time). */
    private record Predicted(LayerModel by, HostProfile profile, List<long[]> weightBytes) {
    }

    @Override
    public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
        LoadedModel m = loaded(model);
        Predicted p = predicted(host, m, layerModel(host));
        double ms = p.profile.rangeMs(exit, fromCut, toCut);
        InferenceBackend b = backend;
        if (host == Host.DEVICE && fromCut == 0 && toCut > 0 && b != null
                && !b.isLoaded(new SegmentKey(model.id(), exit, 0, toCut))) {
            ms += p.by.load().ms(p.weightBytes.get(exit - 1)[toCut]);
        }
        return ms;
    }

    @Override
    public boolean covers(ModelDescription model) {
        return uncoveredReason(model).isEmpty();
    }

    @Override
    public String uncoveredReason(ModelDescription model) {
        try {
            LoadedModel m = loaded(model);
            for (Host h : Host.values()) {
                predicted(h, m, layerModel(h));
            }
            return "";
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getMessage();
        }
    }

    private LoadedModel loaded(ModelDescription model) {
        LoadedModel m;
        try {
            m = catalog.model(model.id());
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (!m.description().contentHash().equals(model.contentHash())) {
            throw new IllegalArgumentException("model " + model.id() + " has other content here (sha256 "
                    + m.description().contentHash() + ") than planned for (" + model.contentHash() + ")");
        }
        return m;
    }

    /** @throws IllegalStateException saying why the host has no model yet */
    private LayerModel layerModel(Host host) {
        if (host == Host.DEVICE) {
            String json = local.json().orElseThrow(() -> new IllegalStateException("no per-layer latency model of the device yet: " + local.status()));
            return device.updateAndGet(before -> Parsed.of(json, "the device's per-layer latency model", before)).model;
        }
        Edge e = edge.get();
        long age = System.nanoTime() - e.askedNanos;
        if (age > (e.parsed == null ? EDGE_RETRY_MS : EDGE_REFRESH_MS) * 1_000_000) {
            refreshEdge();
        }
        if (e.parsed == null) {
            throw new IllegalStateException("no per-layer latency model from the edge at " + transport.remote() + " yet: " + e.problem);
        }
        return e.parsed.model;
    }

    /** Asks the edge for its model in the background, one request at a time: planning never waits on the network. */
    private void refreshEdge() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        CompletableFuture<Void> running = fetching.get();
        if ((running != null && !running.isDone()) || !fetching.compareAndSet(running, f)) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            Edge before = edge.get();
            long now = System.nanoTime();
            try {
                Parsed p = Parsed.of(transport.edgeLayerModel(), "the edge's per-layer latency model from " + transport.remote(), before.parsed);
                if (p != before.parsed) {
                    LOG.log(Level.INFO, "per-layer latency model received from the edge at {0}", transport.remote());
                }
                edge.set(new Edge(p, "", now));
            } catch (TransportException | IllegalArgumentException e) {
                // The model received before stays in use: the edge may be restarting or refitting.
                edge.set(new Edge(before.parsed, e.getMessage(), now));
                LOG.log(Level.DEBUG, "no per-layer latency model from the edge: {0}", e.getMessage());
            } finally {
                f.complete(null);
            }
        });
    }

    private Predicted predicted(Host host, LoadedModel m, LayerModel by) {
        String key = host + " " + m.id() + " " + m.description().contentHash();
        Predicted p = cache.get(key);
        if (p == null || p.by != by) {
            try {
                p = new Predicted(by, by.predict(m), weightBytes(m));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot predict model " + m.id() + " from its layers: " + e.getMessage(), e);
            }
            cache.put(key, p);
        }
        return p;
    }

    /** For every exit and cut, the bytes of weights its prefix holds: what loading the prefix's segment grows with. */
    private static List<long[]> weightBytes(LoadedModel m) {
        return m.description().exits().stream().map((Exit e) -> {
            long[] bytes = new long[e.layers() + 1];
            for (int c = 1; c <= e.layers(); c++) {
                List<OnnxNode> nodes = m.graph().nodesBetween(e.cut(c - 1).tensor(), e.cut(c).tensor());
                bytes[c] = bytes[c - 1] + 4 * nodes.stream().mapToLong(n -> Math.max(0, n.params())).sum();
            }
            return bytes;
        }).toList();
    }
}
