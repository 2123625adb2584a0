package org.coinfer.runtime.device;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Outcome;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.api.TransportException;
import org.coinfer.api.Transport;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.model.Segments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
        String strategy() default "neurosurgeon";

        @AttributeDefinition(name = "Bandwidth stale after (ms)", description = "Probe the link when no request has measured it for this long.")
        long staleMs() default 1000;

        @AttributeDefinition(name = "Probe duration (ms)", description = "How long a bandwidth probe should take at the current rate.")
        long probeMs() default 150;
    }

    private final ModelCatalog catalog;
    private final InferenceBackend backend;
    private final Transport transport;
    private final LatencyPredictor predictor;
    private final Map<String, PartitionStrategy> strategies = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Config config;
    private volatile LinkMonitor link;

    @Activate
    public DeviceRuntime(@Reference ModelCatalog catalog, @Reference InferenceBackend backend,
                         @Reference Transport transport, @Reference LatencyPredictor predictor, Config config) {
        this.catalog = catalog;
        this.backend = backend;
        this.transport = transport;
        this.predictor = predictor;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        this.config = config;
        this.link = new LinkMonitor(transport, config.staleMs(), config.probeMs());
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
    public NetworkConditions network() {
        return link.conditions();
    }

    @Override
    public Outcome infer(String modelId, Tensor input, LatencyRequirement requirement, String strategy)
            throws InferenceException, TransportException {
        LoadedModel model = model(modelId);
        ModelDescription desc = model.description();
        String uncovered = predictor.uncoveredReason(desc);
        if (!uncovered.isEmpty()) {
            throw new InferenceException(uncovered);
        }
        LinkMonitor monitor = link;
        NetworkConditions network = monitor.current();
        // The request's clock starts once the link is known: probing is not part of a request.
        long start = System.nanoTime();
        PlanningContext context = new PlanningContext(desc, network, requirement, predictor);
        Plan plan = choose(strategy, context);
        Exit exit = desc.exit(plan.exit());

        long t0 = System.nanoTime();
        Tensor x = plan.cut() == 0 ? input
                : Segments.run(backend, model, new SegmentKey(desc.id(), plan.exit(), 0, plan.cut()), input);
        long deviceNanos = System.nanoTime() - t0;
        if (plan.cut() == exit.layers()) {
            return outcome(plan, network, x, deviceNanos, 0, 0, start);
        }
        InferenceReply reply = transport.infer(new InferenceRequest(ids.incrementAndGet(), desc.id(), desc.contentHash(), plan.exit(),
                plan.cut(), x));
        monitor.observe(reply);
        return outcome(plan, network, reply.output(), deviceNanos, reply.networkNanos(), reply.edgeNanos(), start);
    }

    private static Outcome outcome(Plan plan, NetworkConditions network, Tensor output, long device, long net, long edge, long start) {
        return new Outcome(plan, network, output, device / 1e6, net / 1e6, edge / 1e6, (System.nanoTime() - start) / 1e6);
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
