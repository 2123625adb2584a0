package org.coinfer.predictor.regression.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.coinfer.api.FittedLatencyModel;
import org.coinfer.api.Host;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.predictor.regression.HostTimings;
import org.coinfer.predictor.regression.LayerModel;
import org.coinfer.predictor.regression.LayerModelFit;
import org.coinfer.predictor.regression.Sweep;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * This container's per-layer latency model. It reads the model fitted before from its file
 * when that was fitted on this host's role and on the backend in use now; otherwise it times
 * the layer sweep and the catalog's models in the background, fits, and saves the file. A new
 * backend (the device emulation taking over, or its factor changed) makes it fit again.
 */
@Component(service = FittedLatencyModel.class, immediate = true, configurationPid = HostLatencyModel.PID)
@Designate(ocd = HostLatencyModel.Config.class)
public final class HostLatencyModel implements FittedLatencyModel {
    public static final String PID = "org.coinfer.predictor.regression";
    /** Framework property naming the container's role, {@code device} or {@code edge}; the containers' bndruns set it. */
    public static final String ROLE = "coinfer.role";
    private static final Logger LOG = System.getLogger(HostLatencyModel.class.getName());

    @ObjectClassDefinition(name = "Coinfer per-layer latency model",
            description = "This host's per-layer latency regression: where it is kept and what it is fitted on.")
    public @interface Config {
        @AttributeDefinition(name = "File", description = "Where the fitted model is kept, relative to the container's directory; "
                + "read at start when it was fitted on this role and backend.")
        String file() default "layer-model.json";

        @AttributeDefinition(name = "Fit", description = "Time the layer sweep and fit when there is no usable file. "
                + "Off, the host has no per-layer model unless its file has one.")
        boolean fit() default true;

        @AttributeDefinition(name = "Sweep models", description = "Synthetic models timed besides the catalog's.", min = "0")
        int sweepModels() default Sweep.MODELS;
    }

    private final Host host;
    private final ModelCatalog catalog;
    private final Config config;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coinfer-layer-model");
        t.setDaemon(true);
        return t;
    });
    /** Counts fits started: a fit overtaken by a newer one is dropped. */
    private final AtomicLong generation = new AtomicLong();
    private volatile InferenceBackend backend;
    private volatile LayerModel model;
    /** Every model fitted or read in this run, by engine: switching engines back and forth fits each once. */
    private final Map<String, LayerModel> fitted = new ConcurrentHashMap<>();
    private volatile String json;
    private volatile String status = "not started";

    @Activate
    public HostLatencyModel(BundleContext context, @Reference ModelCatalog catalog, Config config) {
        this(role(context.getProperty(ROLE)), catalog, config);
    }

    /** Outside a framework (tests, tools); a null role leaves it without a model, saying why. */
    HostLatencyModel(Host host, ModelCatalog catalog, Config config) {
        this.host = host;
        this.catalog = catalog;
        this.config = config;
        if (host == null) {
            status = "this container does not say whether it is the device or the edge: framework property " + ROLE
                    + " should be 'device' or 'edge'";
            LOG.log(Level.ERROR, status);
        }
    }

    static Host role(String property) {
        if (property == null) {
            return null;
        }
        return switch (property.trim().toLowerCase(Locale.ROOT)) {
            case "device" -> Host.DEVICE;
            case "edge" -> Host.EDGE;
            default -> null;
        };
    }

    /** Dynamic and greedy: when a better-ranked backend appears (the device emulation), times on it are what count. */
    @Reference(target = InferenceBackend.SELECTED, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBackend(InferenceBackend b) {
        backend = b;
        start();
    }

    void unbindBackend(InferenceBackend b) {
        // Replaced by the next bind, or the component is deactivated.
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    @Override
    public Optional<String> json() {
        LayerModel m = model;
        InferenceBackend b = backend;
        if (m != null && b != null && !m.backend().equals(b.engine())) {
            start(); // the backend's settings changed under the model (the emulation's factor)
            return Optional.empty();
        }
        return Optional.ofNullable(m == null ? null : json);
    }

    @Override
    public String status() {
        return model != null ? "" : status;
    }

    private void start() {
        if (host == null) {
            return;
        }
        long g = generation.incrementAndGet();
        model = null;
        status = "waiting to be fitted";
        worker.execute(() -> obtain(g));
    }

    private void obtain(long g) {
        InferenceBackend b = backend;
        String engine = b.engine();
        Path file = Path.of(config.file());
        LayerModel known = fitted.get(engine);
        if (known != null) { // switched back to an engine fitted before
            publish(g, known);
            return;
        }
        try {
            Optional<LayerModel> saved = read(file, engine);
            if (saved.isPresent()) {
                publish(g, saved.get());
                LOG.log(Level.INFO, "per-layer latency model read from {0}", file.toAbsolutePath());
                return;
            }
            if (!config.fit()) {
                status = "no per-layer latency model: " + file + " has none fitted on this " + name() + " and fitting is off (" + PID + " fit=false)";
                return;
            }
            LayerModel fitted = fit(g, b, engine);
            if (g != generation.get()) {
                return;
            }
            LOG.log(Level.INFO, "per-layer latency model of the {0} fitted on {1} parts (cross-validated median relative error {2}%)",
                    name(), fitted.samples(), Math.round(1000 * fitted.crossValidatedRelError()) / 10.0);
            // Saved before it is served, so a model in use is always one the next start can read back.
            try {
                write(file, fitted);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot save the per-layer latency model to {0} ({1}): it will be fitted again at the next start",
                        file.toAbsolutePath(), e.toString());
            }
            publish(g, fitted);
        } catch (InterruptedException e) {
            LOG.log(Level.DEBUG, "fitting stopped: the component is being deactivated");
        } catch (RuntimeException | IOException e) {
            status = "cannot fit the " + name() + "'s per-layer latency model: " + e.getMessage();
            LOG.log(Level.ERROR, status, e);
        }
    }

    private void publish(long g, LayerModel m) {
        fitted.put(m.backend(), m);
        if (g == generation.get()) {
            json = m.toJson();
            model = m;
        }
    }

    /** The file's model when it fits this role and engine; a file that does not parse is reported and fitted over. */
    private Optional<LayerModel> read(Path file, String engine) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        LayerModel m;
        try {
            m = LayerModel.parse(Files.readString(file), file.toString());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "{0}; fitting a new model", e.getMessage());
            return Optional.empty();
        }
        if (m.host() != host || !m.backend().equals(engine)) {
            LOG.log(Level.INFO, "{0} was fitted on the {1} with {2}; this is the {3} with {4}: fitting a new model",
                    file, m.host(), m.backend(), host, engine);
            return Optional.empty();
        }
        return Optional.of(m);
    }

    private LayerModel fit(long g, InferenceBackend b, String engine) throws InterruptedException {
        List<LoadedModel> models = new ArrayList<>(Sweep.models(config.sweepModels(), Sweep.SEED));
        models.addAll(catalog.models());
        LOG.log(Level.INFO, "timing {0} models'' layers to fit the {1}''s latency model", models.size(), name());
        HostTimings all = null;
        int done = 0;
        for (LoadedModel m : models) {
            if (g != generation.get()) {
                throw new InterruptedException("overtaken by a newer fit");
            }
            status = "timing layers to fit this " + name() + "'s latency model: " + done + "/" + models.size() + " models";
            try {
                HostTimings t = HostTimings.measure(b, host, List.of(m), Sweep.profiler(), (id, d, n) -> { });
                all = all == null ? t : all.and(t);
            } catch (InferenceException e) {
                LOG.log(Level.WARNING, "{0}; fitting without it", e.getMessage());
            }
            done++;
        }
        status = "fitting this " + name() + "'s latency model";
        if (all == null) {
            throw new IllegalStateException("no model could be timed");
        }
        return LayerModelFit.fit(host, engine, all.samples(), all.loads());
    }

    private static void write(Path file, LayerModel m) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, m.toJson());
        // Whole or not at all: a container stopped mid-write never leaves half a model to read.
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String name() {
        return host.name().toLowerCase(Locale.ROOT);
    }
}
