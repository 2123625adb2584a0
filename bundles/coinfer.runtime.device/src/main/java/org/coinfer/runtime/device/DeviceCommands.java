package org.coinfer.runtime.device;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.apache.felix.service.command.Descriptor;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.Outcome;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.RequestRecord;
import org.coinfer.api.Tensor;
import org.coinfer.model.IdxDataset;
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
 * Gogo shell commands for operators at the device's console (scope {@code coinfer}; {@code help
 * coinfer:NAME} describes each): {@code status} (models, strategies and link together),
 * {@code models}, {@code strategies}, {@code link}, {@code plan} (what each strategy would
 * choose now), {@code infer} (one request), {@code profile} (the measured path times) and
 * {@code requests} (the last ones answered).
 */
@Component(service = DeviceCommands.class, configurationPid = DeviceRuntime.PID, property = {"osgi.command.scope=coinfer",
        "osgi.command.function=status", "osgi.command.function=models", "osgi.command.function=strategies",
        "osgi.command.function=link", "osgi.command.function=plan", "osgi.command.function=infer",
        "osgi.command.function=profile", "osgi.command.function=requests"})
public final class DeviceCommands {
    private final CoInference coinference;
    private final ModelCatalog catalog;
    /** Every installed predictor by name, to show which covers what. */
    private final Map<String, LatencyPredictor> predictors = new ConcurrentSkipListMap<>();
    private volatile DeviceRuntime.Config config;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private long requestsRun;

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
        return models() + strategies() + "\n" + link();
    }

    @Descriptor("the models served, their exits (accuracy, cuts) and which predictor covers each")
    public String models() {
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
        return sb.toString();
    }

    @Descriptor("the strategies installed now and the configured one")
    public String strategies() {
        return "strategies " + coinference.strategies() + ", configured " + config.strategy();
    }

    @Descriptor("the link as estimated now: rates, spreads, round trip, age and probe share")
    public String link() {
        LinkEstimate l = coinference.link();
        if (l == null) {
            return "link not measured yet";
        }
        return "link " + l.describe();
    }

    @Descriptor("the measured path times of the default model on the device and the edge")
    public String profile() {
        return profile(catalog.defaultModel().id());
    }

    @Descriptor("the measured path times of a model: for each exit, the device's time up to each cut and the edge's from it")
    public String profile(@Descriptor("model id") String modelId) {
        // The configured predictor's profile first, else any installed predictor's.
        LatencyPredictor configured = predictors.get(config.predictor());
        StringBuilder sb = new StringBuilder();
        for (Host host : Host.values()) {
            Optional<HostProfile> profile = Stream.concat(Stream.ofNullable(configured), predictors.values().stream())
                    .map(q -> q.profile(host, modelId)).flatMap(Optional::stream).findFirst();
            if (profile.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%s: no measured profile of %s yet%n", host, modelId));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%s, ms %s, cut 0 first:%n", host,
                    host == Host.DEVICE ? "from the input to each cut" : "from each cut to the exit"));
            List<List<Double>> paths = profile.get().pathMs();
            for (int e = 0; e < paths.size(); e++) {
                sb.append(String.format(Locale.ROOT, "  exit %d:", e + 1));
                paths.get(e).forEach(ms -> sb.append(String.format(Locale.ROOT, " %.2f", ms)));
                sb.append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    @Descriptor("the last 10 requests answered, the newest first")
    public String requests() {
        return requests(10);
    }

    @Descriptor("the last requests answered, the newest first: plan, predicted and measured latency, whether the requirement was met")
    public String requests(@Descriptor("how many") int n) {
        List<RequestRecord> last = coinference.recent(n);
        if (last.isEmpty()) {
            return "no request answered yet";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s %-10s %-24s %4s %4s %9s %9s %9s %s%n", "time", "model",
                "strategy", "exit", "cut", "req ms", "pred ms", "meas ms", "met"));
        for (RequestRecord r : last) {
            Outcome o = r.outcome();
            sb.append(String.format(Locale.ROOT, "%-12s %-10s %-24s %4d %4d %9.1f %9.1f %9.1f %s%s%n", TIME.format(Instant.ofEpochMilli(r.epochMs())),
                    r.modelId(), o.plan().strategy(), o.plan().exit(), o.plan().cut(), r.requirement().deadlineMs(),
                    o.plan().predicted().totalMs(), o.totalMs(), r.met() ? "yes" : "no", o.fellBack() ? " (fell back: " + o.fallback() + ")" : ""));
        }
        return sb.toString().stripTrailing();
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

    @Descriptor("runs one request with the configured strategy at the default requirement")
    public String infer() throws Exception {
        return infer(config.strategy(), config.deadlineMs());
    }

    @Descriptor("runs one request with a strategy at the default requirement")
    public String infer(@Descriptor("strategy name") String strategy) throws Exception {
        return infer(strategy, config.deadlineMs());
    }

    @Descriptor("runs one request on a Fashion-MNIST test image when the dataset is installed (else a blank input) and shows its plan")
    public String infer(@Descriptor("strategy name") String strategy, @Descriptor("latency requirement in ms") double deadlineMs)
            throws Exception {
        LoadedModel m = catalog.defaultModel();
        String what;
        Tensor input;
        Optional<IdxDataset> data = Inputs.testImages(m.description().input());
        if (data.isPresent()) {
            int i = (int) (requestsRun++ % data.get().size());
            input = data.get().image(i);
            what = "test image " + i + " (label " + data.get().label(i) + ")";
        } else {
            input = Inputs.zeros(m.description().input());
            what = "a blank input (no dataset installed)";
        }
        Outcome o = coinference.infer(m.id(), input, new LatencyRequirement(deadlineMs), strategy);
        String answer = data.isPresent() ? ", answered " + IdxDataset.argmax(o.output()) : "";
        return String.format(Locale.ROOT, "%s on %s%s: exit %d cut %d, predicted %.1f ms, measured %.1f ms (device %.1f, network %.1f, edge %.1f%s)%s",
                o.plan().strategy(), what, answer, o.plan().exit(), o.plan().cut(), o.plan().predicted().totalMs(), o.totalMs(),
                o.deviceMs(), o.networkMs(), o.edgeMs(), o.probeMs() > 0 ? String.format(Locale.ROOT, ", probing %.1f", o.probeMs()) : "",
                (o.totalMs() <= deadlineMs ? "" : ", requirement missed") + (o.fellBack() ? "; fell back: " + o.fallback() : ""));
    }
}
