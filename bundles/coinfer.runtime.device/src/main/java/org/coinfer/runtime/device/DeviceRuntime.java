package org.coinfer.runtime.device;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Outcome;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.RequestRecord;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.api.TransportException;
import org.coinfer.api.Transport;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.model.Segments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Answers requests on the device. Strategies are a dynamic set: a strategy bundle installed
 * while the container runs is used by the next request that names it, and when the strategy
 * in use goes away requests fall back to the configured one, then to the device alone.
 */
@Component(configurationPid = DeviceRuntime.PID)
@Designate(ocd = DeviceRuntime.Config.class)
public final class DeviceRuntime implements CoInference {
    static final String PID = "org.coinfer.runtime.device";
    static final String FALLBACK = "device-only (fallback)";
    private static final Logger LOG = System.getLogger(DeviceRuntime.class.getName());

    @ObjectClassDefinition(name = "Coinfer device runtime", description = "Plans and runs co-inference requests on the device.")
    public @interface Config {
        @AttributeDefinition(name = "Strategy", description = "Strategy used when a request names none or names one that is not installed.")
        String strategy() default "edgent";

        @AttributeDefinition(name = "Latency predictor",
                description = "profile (measured whole paths), regression (fitted per-layer models) or hybrid (regression until both hosts have profiled a model).")
        String predictor() default "hybrid";

        @AttributeDefinition(name = "Calibrate predictions",
                description = "Scale the predictor's device and edge times by how long requests' parts really took (an average of measured / predicted), "
                        + "and add what a call to the edge takes beyond both hosts' compute and the link (the median of recent calls).")
        boolean calibrate() default true;

        @AttributeDefinition(name = "Default latency requirement (ms)",
                description = "The requirement the shell commands plan for when none is given.", min = "0")
        double deadlineMs() default 100;

        @AttributeDefinition(name = "Link stale after (ms)", description = "Probe the link when nothing has measured it for this long.")
        long staleMs() default 10_000;

        @AttributeDefinition(name = "Largest trusted spread",
                description = "Probe a direction whose bandwidth is known less well than this (relative standard error).")
        double maxSpread() default 0.25;

        @AttributeDefinition(name = "Probe budget", description = "Most of the link's time that probes may take, on average (0.02 = 2%).")
        double probeShare() default 0.02;

        @AttributeDefinition(name = "Probe duration (ms)", description = "How long a bandwidth probe should take at the estimated rate.")
        long probeMs() default 100;

        @AttributeDefinition(name = "Probe between requests", description = "Run link probes in the background after a request, "
                + "while the link is idle, so the next request plans with them and none carries one; off: a probe runs before "
                + "the request that needs it and counts in its latency.")
        boolean probeBetweenRequests() default true;

        @AttributeDefinition(name = "Edge retry (ms)", description = "Longest wait before the edge is tried again after it failed; "
                + "meanwhile requests run on the device alone. The wait starts at a tenth of this and doubles.", min = "1")
        long edgeRetryMs() default 1000;

        @AttributeDefinition(name = "Network margin (ms)", description = "A request waits for the edge at most its requirement plus "
                + "this long, then finishes on the device alone.", min = "0")
        long networkMarginMs() default 1000;
    }

    private final ModelCatalog catalog;
    private final Transport transport;
    /**
     * Dynamic and greedy, so a better-ranked backend (the device emulation) takes over without
     * recreating this component and its link estimate. A request reads it once.
     */
    @Reference(target = InferenceBackend.SELECTED, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile InferenceBackend backend;
    /** Predictors by name, like strategies: the configured one plans. */
    private final Map<String, LatencyPredictor> predictors = new ConcurrentSkipListMap<>();
    private final Map<String, PartitionStrategy> strategies = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final LinkMonitor link;
    private final Set<String> warnedPredictor = ConcurrentHashMap.newKeySet();
    private final Calibration calibration = new Calibration();
    private final EdgeBackoff backoff;
    /** Answered requests for operators; enough for the console's table and a minute of traffic at 3 requests a second. */
    private final RequestHistory history = new RequestHistory(200);
    /** Edge calls run here, so a request can stop waiting for a stalled edge (an interrupt drops the connection). */
    private final ExecutorService edgeCalls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "coinfer-edge-call");
        t.setDaemon(true);
        return t;
    });
    private volatile Config config;

    @Activate
    public DeviceRuntime(@Reference ModelCatalog catalog, @Reference Transport transport, Config config) {
        this.catalog = catalog;
        this.transport = transport;
        this.link = new LinkMonitor(transport, settings(config), System::nanoTime);
        this.backoff = new EdgeBackoff(System::nanoTime, config.edgeRetryMs());
        this.config = config;
    }

    /** Outside a framework (tests, tools): every service given at once. */
    public DeviceRuntime(ModelCatalog catalog, InferenceBackend backend, Transport transport, LatencyPredictor predictor,
                         Config config) {
        this(catalog, transport, config);
        this.backend = backend;
        predictors.put(config.predictor(), predictor);
    }

    /** Cheap: the next request plans with the new settings; the link estimate is kept. */
    @Modified
    void modified(Config config) {
        link.configure(settings(config));
        backoff.configure(config.edgeRetryMs());
        this.config = config;
    }

    private static LinkMonitor.Settings settings(Config c) {
        return new LinkMonitor.Settings(c.staleMs(), c.maxSpread(), c.probeShare(), c.probeMs(), c.probeBetweenRequests());
    }

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPredictor(LatencyPredictor p, Map<String, Object> properties) {
        predictors.put(String.valueOf(properties.get(LatencyPredictor.NAME)), p);
    }

    void removePredictor(LatencyPredictor p, Map<String, Object> properties) {
        predictors.remove(String.valueOf(properties.get(LatencyPredictor.NAME)), p);
    }

    /** The configured predictor; when it is not installed, any installed one, the first by name. */
    private LatencyPredictor predictor() throws InferenceException {
        LatencyPredictor p = predictors.get(config.predictor());
        if (p == null) {
            var first = predictors.entrySet().stream().findFirst()
                    .orElseThrow(() -> new InferenceException("no latency predictor is installed"));
            if (warnedPredictor.add(config.predictor())) {
                LOG.log(Level.WARNING, "predictor {0} is not installed; planning with {1}", config.predictor(), first.getKey());
            }
            p = first.getValue();
        }
        return p;
    }

    /** Names of the latency predictors installed now, sorted. */
    List<String> predictors() {
        return List.copyOf(predictors.keySet());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(PartitionStrategy s) {
        strategies.put(s.name(), s);
        LOG.log(Level.INFO, "strategy {0} available", s.name());
    }

    void removeStrategy(PartitionStrategy s) {
        strategies.remove(s.name(), s);
        LOG.log(Level.INFO, "strategy {0} removed", s.name());
    }

    @Override
    public List<String> strategies() {
        return List.copyOf(strategies.keySet());
    }

    @Override
    public LinkEstimate link() {
        return link.estimate();
    }

    @Override
    public Plan plan(PlanningContext context, String strategy) throws InferenceException {
        return choose(strategy, context);
    }

    @Override
    public PlanningContext context(String modelId, LatencyRequirement requirement) throws InferenceException {
        LatencyPredictor p = predictor();
        ModelDescription desc = covered(model(modelId), p);
        LinkEstimate estimate = link.estimate();
        if (estimate == null) {
            throw new InferenceException("the link to the edge at " + transport.remote() + " has not been measured yet; "
                    + "it is measured by the first request");
        }
        return new PlanningContext(desc, estimate, requirement, calibrated(p));
    }

    private LatencyPredictor calibrated(LatencyPredictor p) {
        return config.calibrate() ? calibration.apply(p) : p;
    }

    /** Measured against the predictor's own (uncalibrated) times for the parts the plan ran. */
    private void calibrate(LatencyPredictor p, ModelDescription desc, Plan plan, long deviceNanos, long edgeNanos) {
        int n = desc.exit(plan.exit()).layers();
        try {
            if (plan.cut() > 0) {
                calibration.observe(Host.DEVICE, p.predictMs(Host.DEVICE, desc, plan.exit(), 0, plan.cut()), deviceNanos / 1e6);
            }
            if (plan.cut() < n) {
                calibration.observe(Host.EDGE, p.predictMs(Host.EDGE, desc, plan.exit(), plan.cut(), n), edgeNanos / 1e6);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The predictor lost the model since this request planned (its backend changed): nothing to compare with.
        }
    }

    /**
     * Runs a request as its strategy plans it. When the edge cannot be reached, or fails during
     * the request, the request completes on the device alone (see {@link DeviceAlone}) and its
     * outcome says why: no request is lost because of the edge.
     */
    @Override
    public Outcome infer(String modelId, Tensor input, LatencyRequirement requirement, String strategy)
            throws InferenceException, TransportException {
        // The request's clock starts at once: a probe it has to wait for is part of its latency.
        long start = System.nanoTime();
        LoadedModel model = model(modelId);
        Outcome o = serve(model, input, requirement, strategy, start);
        history.add(new RequestRecord(System.currentTimeMillis(), model.id(), requirement, strategy, o));
        return o;
    }

    @Override
    public List<RequestRecord> recent(int n) {
        return history.last(n);
    }

    private Outcome serve(LoadedModel model, Tensor input, LatencyRequirement requirement, String strategy, long start)
            throws InferenceException, TransportException {
        LatencyPredictor p = predictor();
        InferenceBackend b = backend;
        String uncovered = p.uncoveredReason(model.description());
        if (!uncovered.isEmpty()) {
            // Nothing to plan with yet (profiling, a new backend, the edge's profile missing): no request waits for it.
            return alone(b, model, p, requirement, start).run(input, null, DeviceAlone.UNPREDICTED + uncovered);
        }
        ModelDescription desc = model.description();
        LatencyPredictor planned = calibrated(p);
        if (!backoff.open()) {
            return alone(b, model, planned, requirement, start).run(input, null, backoff.waiting());
        }
        LinkMonitor.Measured measured;
        try {
            measured = bounded(link::current, requirement, start);
        } catch (TransportException e) {
            backoff.failed(e.getMessage());
            return alone(b, model, planned, requirement, start).run(input, null, "the edge cannot be reached: " + e.getMessage());
        }
        NetworkConditions network = measured.estimate().conditions();
        PlanningContext context = new PlanningContext(desc, measured.estimate(), requirement, planned);
        Plan plan;
        try {
            plan = choose(strategy, context);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The predictor lost the model while this request planned (its backend changed, say).
            return alone(b, model, p, requirement, start).run(input, null, DeviceAlone.UNPREDICTED + e.getMessage());
        }
        Exit exit = desc.exit(plan.exit());
        long probe = measured.probeNanos();

        long t0 = System.nanoTime();
        Tensor x = plan.cut() == 0 ? input
                : Segments.run(b, model, new SegmentKey(desc.id(), plan.exit(), 0, plan.cut()), input);
        long deviceNanos = System.nanoTime() - t0;
        if (plan.cut() == exit.layers()) {
            calibrate(p, desc, plan, deviceNanos, 0);
            return outcome(plan, network, x, deviceNanos, 0, 0, probe, start);
        }
        InferenceReply reply;
        try {
            InferenceRequest request = new InferenceRequest(ids.incrementAndGet(), desc.id(), desc.contentHash(), plan.exit(),
                    plan.cut(), x);
            reply = bounded(() -> transport.infer(request), requirement, start);
        } catch (TransportException e) {
            backoff.failed(e.getMessage());
            return alone(b, model, planned, requirement, start).run(input, new DeviceAlone.Partial(plan.exit(), plan.cut(), x),
                    "the edge failed during the request: " + e.getMessage());
        }
        backoff.succeeded();
        link.observe(reply);
        link.idle(edgeCalls);
        calibrate(p, desc, plan, deviceNanos, reply.edgeNanos());
        Outcome o = outcome(plan, network, reply.output(), deviceNanos, reply.networkNanos(), reply.edgeNanos(), probe, start);
        calibration.observeCall(o.totalMs() - o.probeMs() - o.deviceMs() - reply.roundTripNanos() / 1e6);
        return o;
    }

    /** The device alone finishing a request the edge failed; only then, off the path of requests that do not fall back. */
    private DeviceAlone alone(InferenceBackend b, LoadedModel model, LatencyPredictor planned, LatencyRequirement requirement,
                              long start) {
        return new DeviceAlone(b, model, planned, requirement, link.estimate(), start);
    }

    /** A call to the edge, as the transport makes it; interrupting it drops the connection. */
    private interface EdgeCall<T> {
        T run() throws TransportException;
    }

    /**
     * The edge call's result, waited for no longer than the request's requirement plus the margin
     * from its arrival: measuring the link and the request itself, so a stalled edge holds no
     * request past that.
     */
    private <T> T bounded(EdgeCall<T> edgeCall, LatencyRequirement requirement, long start) throws TransportException {
        long margin = config.networkMarginMs();
        long waitNanos = (long) ((requirement.deadlineMs() + margin) * 1e6) - (System.nanoTime() - start);
        Future<T> call = edgeCalls.submit(edgeCall::run);
        try {
            return call.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new TransportException(String.format(Locale.ROOT, "no answer within the requirement (%s ms) plus the margin (%d ms)",
                    requirement.deadlineMs(), margin));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for the edge");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException t) {
                throw t;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TransportException("the edge call failed: " + e.getCause(), e.getCause());
        }
    }

    /** No edge call outlives the component. */
    @Deactivate
    void deactivate() {
        edgeCalls.shutdownNow();
    }

    private static Outcome outcome(Plan plan, NetworkConditions network, Tensor output, long device, long net, long edge,
                                   long probe, long start) {
        return new Outcome(plan, network, output, device / 1e6, net / 1e6, edge / 1e6, probe / 1e6, (System.nanoTime() - start) / 1e6);
    }

    /** The model's description once the predictor covers it; otherwise the reason it does not. */
    private static ModelDescription covered(LoadedModel model, LatencyPredictor predictor) throws InferenceException {
        String uncovered = predictor.uncoveredReason(model.description());
        if (!uncovered.isEmpty()) {
            throw new InferenceException(uncovered);
        }
        return model.description();
    }

    /** The named strategy, else the configured one, else the whole final exit on the device. */
    private Plan choose(String requested, PlanningContext context) throws InferenceException {
        PartitionStrategy s = requested == null ? null : strategies.get(requested);
        if (s == null) {
            s = strategies.get(config.strategy());
        }
        if (s == null) {
            return context.plan(FALLBACK, context.model().finalExit().number(), context.model().finalExit().layers());
        }
        Plan plan = s.plan(context);
        try {
            context.predict(plan.exit(), plan.cut());
        } catch (IllegalArgumentException e) {
            throw new InferenceException("strategy " + s.name() + " chose an impossible plan: " + e.getMessage());
        }
        return plan;
    }

    private LoadedModel model(String modelId) throws InferenceException {
        try {
            return modelId == null ? catalog.defaultModel() : catalog.model(modelId);
        } catch (NoSuchElementException e) {
            throw new InferenceException(e.getMessage());
        }
    }
}
