package org.coinfer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.model.HostProfiles;
import org.coinfer.strategy.edgent.dynamic.ConfigurationMap;
import org.coinfer.strategy.edgent.dynamic.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coinfer dynamic-map}: builds the configuration map {@code edgent-dynamic} reads, offline,
 * from a folder of traces, the two hosts' profiles and the latency requirement.
 */
@Command(name = "dynamic-map", mixinStandardHelpOptions = true,
        description = "Build edgent-dynamic's configuration map (bandwidth state -> plan) from traces, two host profiles and a requirement.")
final class DynamicMap implements Callable<Integer> {
    @Option(names = "--traces", required = true, paramLabel = "DIR", description = "Folder of traces (.tsv: seconds, Mbit/s), e.g. traces/hsdpa-norway.")
    Path traces;

    @Mixin
    SavedProfiles saved;

    @Option(names = "--deadline-ms", required = true, paramLabel = "D", description = "The latency requirement the map is for, in ms.")
    double deadlineMs;

    @Option(names = "--rtt-ms", paramLabel = "R", defaultValue = "1", description = "Round-trip time the plans are predicted with (default ${DEFAULT-VALUE}).")
    double rttMs;

    @Option(names = "--states", paramLabel = "K", defaultValue = "8", description = "Bandwidth states (default ${DEFAULT-VALUE}).")
    int states;

    @Option(names = "--coverage", paramLabel = "C", defaultValue = "0.95",
            description = "Share of a state's samples at which its plan must meet the requirement (default ${DEFAULT-VALUE}).")
    double coverage;

    @Option(names = "--headroom", paramLabel = "H", defaultValue = "0.1",
            description = "Plans must be predicted to meet the requirement less this share of it, for the spread of real requests (default ${DEFAULT-VALUE}).")
    double headroom;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the map.")
    Path out;

    @Override
    public Integer call() throws Exception {
        SavedProfiles.Loaded loaded = saved.load();
        if (!Files.isDirectory(traces)) {
            throw new IllegalArgumentException("--traces: " + traces + " is not a folder");
        }
        List<Trace> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(traces)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                list.add(Trace.read(f));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("--traces: no .tsv trace in " + traces);
        }
        LatencyRequirement requirement;
        try {
            requirement = new LatencyRequirement(deadlineMs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--deadline-ms: " + e.getMessage());
        }
        ConfigurationMap map = ConfigurationMap.build(loaded.model(), HostProfiles.predictor(loaded.device(), loaded.edge()), requirement, rttMs, list, states, coverage, headroom);
        map.write(out);
        System.err.printf(Locale.ROOT, "%d states from %d traces; set %s's map to %s%n", map.states().size(), list.size(),
                "org.coinfer.strategy.edgent.dynamic", out.toAbsolutePath());
        for (int i = 0; i < map.states().size(); i++) {
            ConfigurationMap.Entry e = map.entries().get(i);
            System.out.printf(Locale.ROOT, "from %.2f Mbit/s: exit %d, cut %d (meets %.1f ms at %.0f%% of %d samples)%n",
                    map.states().edges()[i], e.exit(), e.cut(), deadlineMs, 100 * e.meetShare(), e.samples());
        }
        return 0;
    }
}
