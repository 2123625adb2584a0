package org.coinfer.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.model.HostProfiles;
import org.coinfer.model.report.PlanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coinfer plan}: what each strategy would choose for a model, two measured host
 * profiles and a link given by hand, without running anything.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "What each strategy would choose at a given link and requirement, from saved device and edge profiles.")
final class PlanWhatIf implements Callable<Integer> {
    @Mixin
    SavedProfiles saved;

    @Option(names = "--uplink-mbps", required = true, paramLabel = "X", description = "Device-to-edge bandwidth in Mbit/s.")
    double uplinkMbps;

    @Option(names = "--downlink-mbps", paramLabel = "Y", description = "Edge-to-device bandwidth in Mbit/s; default: the uplink's.")
    Double downlinkMbps;

    @Option(names = "--rtt-ms", paramLabel = "R", defaultValue = "0", description = "Round-trip time in ms (default: ${DEFAULT-VALUE}).")
    double rttMs;

    @Option(names = "--deadline-ms", required = true, paramLabel = "D", description = "The latency requirement in ms.")
    double deadlineMs;

    @Option(names = "--strategy", paramLabel = "S", description = "Only this strategy; default: every one found.")
    String strategy;

    @Option(names = "--bundles", paramLabel = "JAR|DIR", description = "Strategy bundles, or folders of them (a container's load/), to plan with.")
    List<Path> bundles = new ArrayList<>();

    @Option(names = "--json", description = "Print one line of JSON: the plans and every candidate (exit, cut) with its predicted latency.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SavedProfiles.Loaded loaded = saved.load();
        double down = downlinkMbps == null ? uplinkMbps : downlinkMbps;
        NetworkConditions link;
        LatencyRequirement requirement;
        try {
            link = new NetworkConditions(uplinkMbps * 1e6, down * 1e6, rttMs);
            requirement = new LatencyRequirement(deadlineMs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--uplink-mbps, --downlink-mbps, --rtt-ms, --deadline-ms: " + e.getMessage());
        }
        PlanningContext context = new PlanningContext(loaded.model(), link, requirement, HostProfiles.predictor(loaded.device(), loaded.edge()));
        List<Plan> plans = new ArrayList<>();
        try (StrategyBundles bundled = StrategyBundles.load(bundles)) {
            Map<String, PartitionStrategy> found = bundled.strategies();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no strategy found in " + bundles + ": give strategy bundles with --bundles");
            }
            if (strategy != null && !found.containsKey(strategy)) {
                throw new IllegalArgumentException("--strategy: expected one of " + found.keySet() + ", found '" + strategy + "'");
            }
            for (PartitionStrategy s : found.values()) {
                if (strategy == null || strategy.equals(s.name())) {
                    plans.add(s.plan(context));
                }
            }
        }
        PlanReport report = new PlanReport(context, plans);
        System.out.println(json ? report.jsonLine() : report.table().stripTrailing());
        return 0;
    }
}
