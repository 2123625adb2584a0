package org.coinfer.runtime.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.felix.service.command.Descriptor;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Outcome;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.model.report.PlanReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo shell commands for operators at the device's console: {@code coinfer:status} shows
 * models, strategies and the link; {@code coinfer:plan} what each strategy would choose now;
 * {@code coinfer:infer} runs one request and shows its plan.
 */
@Component(service = DeviceCommands.class, configurationPid = DeviceRuntime.PID, property = {"osgi.command.scope=coinfer",
        "osgi.command.function=status", "osgi.command.function=plan", "osgi.command.function=infer"})
public final class DeviceCommands {
    private final CoInference coinference;
    private final ModelCatalog catalog;
    /** Every installed predictor by name, to show which covers what. */
    private final Map<String, LatencyPredictor> predictors = new ConcurrentSkipListMap<>();
    private volatile DeviceRuntime.Config config;

    @Activate
    public DeviceCommands(@Reference CoInference coinference, @Reference ModelCatalog catalog, DeviceRuntime.Config config) {
        this.coinference = coinference;
        this.catalog = catalog;
        modified(config);
    }

    /** Outside a framework (tests): one predictor, under the configured name. */
    DeviceCommands(CoInference coinference, ModelCatalog catalog, LatencyPredictor predictor, DeviceRuntime.Config config) {
        this(coinference, catalog, config);
        predictors.put(config.predictor(), predictor);
    }

    @Modified
    void modified(DeviceRuntime.Config config) {
        this.config = config;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPredictor(LatencyPredictor p, Map<String, Object> properties) {
        predictors.put(String.valueOf(properties.get(LatencyPredictor.NAME)), p);
    }

    void removePredictor(LatencyPredictor p, Map<String, Object> properties) {
        predictors.remove(String.valueOf(properties.get(LatencyPredictor.NAME)), p);
    }

    @Descriptor("models, strategies and the link as estimated now")
    public String status() {
        StringBuilder sb = new StringBuilder();
        sb.append("predictors ").append(predictors.keySet()).append(", planning with ").append(config.predictor()).append('\n');
        for (LoadedModel m : catalog.models()) {
            sb.append(String.format(Locale.ROOT, "model %s (%s)%n", m.id(), m.description().contentHash().substring(0, 12)));
            predictors.forEach((name, p) -> {
                String uncovered = p.uncoveredReason(m.description());
                sb.append(String.format(Locale.ROOT, "  %s: %s%n", name, uncovered.isEmpty() ? "covers it" : uncovered));
            });
            for (Exit e : m.description().exits()) {
                sb.append(String.format(Locale.ROOT, "  exit %d %-10s accuracy %s, %d cuts%n", e.number(), e.output(),
                        Double.isNaN(e.accuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", e.accuracy()), e.cuts().size()));
            }
        }
        sb.append("strategies ").append(coinference.strategies()).append('\n');
        LinkEstimate l = coinference.link();
        if (l == null) {
            sb.append("link not measured yet");
        } else {
            NetworkConditions n = l.conditions();
            sb.append(String.format(Locale.ROOT, "link %.3f Mbit/s up (spread %.0f%%), %.3f Mbit/s down (spread %.0f%%), RTT %.2f ms; "
                    + "measured %.1f s ago; probes took %.2f%% of the time", n.uplinkBps() / 1e6, 100 * l.uplinkSpread(),
                    n.downlinkBps() / 1e6, 100 * l.downlinkSpread(), n.rttMs(), l.ageMs() / 1e3, 100 * l.probeShare()));
        }
        return sb.toString();
    }

    @Descriptor("what every installed strategy would choose now, at the default latency requirement")
    public String plan() throws InferenceException {
        return report(null, config.deadlineMs());
    }

    @Descriptor("what one strategy would choose now at the default requirement; or, given a number, every strategy at that requirement")
    public String plan(@Descriptor("a strategy name, or a latency requirement in ms") String strategyOrDeadline) throws InferenceException {
        try {
            return report(null, Double.parseDouble(strategyOrDeadline));
        } catch (NumberFormatException e) {
            return report(strategyOrDeadline, config.deadlineMs());
        }
    }

    @Descriptor("what one strategy would choose now, for the link as last measured")
    public String plan(@Descriptor("strategy name") String strategy, @Descriptor("latency requirement in ms") double deadlineMs)
            throws InferenceException {
        return report(strategy, deadlineMs);
    }

    private String report(String strategy, double deadlineMs) throws InferenceException {
        LatencyRequirement requirement = new LatencyRequirement(deadlineMs);
        PlanningContext context = coinference.context(null, requirement);
        List<String> names = strategy == null ? coinference.strategies() : List.of(strategy);
        if (strategy != null && !coinference.strategies().contains(strategy)) {
            throw new InferenceException("no strategy '" + strategy + "' is installed; installed: " + coinference.strategies());
        }
        List<Plan> plans = new ArrayList<>();
        for (String name : names) {
            plans.add(coinference.plan(context, name));
        }
        return new PlanReport(context, plans).table();
    }

    @Descriptor("runs one request on a blank input of the default model")
    public String infer(@Descriptor("strategy name") String strategy, @Descriptor("latency requirement in ms") double deadlineMs)
            throws Exception {
        LoadedModel m = catalog.defaultModel();
        Outcome o = coinference.infer(m.id(), Inputs.zeros(m.description().input()), new LatencyRequirement(deadlineMs), strategy);
        return String.format(Locale.ROOT, "%s: exit %d cut %d, predicted %.1f ms, measured %.1f ms (device %.1f, network %.1f, edge %.1f%s)%s",
                o.plan().strategy(), o.plan().exit(), o.plan().cut(), o.plan().predicted().totalMs(), o.totalMs(),
                o.deviceMs(), o.networkMs(), o.edgeMs(), o.probeMs() > 0 ? String.format(Locale.ROOT, ", probing %.1f", o.probeMs()) : "",
                (o.totalMs() <= deadlineMs ? "" : ", requirement missed") + (o.fellBack() ? "; fell back: " + o.fallback() : ""));
    }
}
