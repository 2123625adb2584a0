package org.coinfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the standing targets of DESIGN.md in one run and prints PASS/MISS per target.
 * Every figure is a ratio or median from this run on this (shared, noisy) machine.
 *
 * <pre>run.sh [--csv FILE] [--quick] [--no-container] [--device-jar PATH]</pre>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = null;
        double scale = 1;
        boolean container = true;
        Path repo = Path.of(System.getProperty("coinfer.repo", "."));
        Path deviceJar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--csv" -> csv = Path.of(value(args, ++i));
                case "--quick" -> scale = 0.25;
                case "--no-container" -> container = false;
                case "--device-jar" -> deviceJar = Path.of(value(args, ++i));
                default -> {
                    System.err.println("usage: run.sh [--csv FILE] [--quick] [--no-container] [--device-jar PATH]");
                    System.exit(2);
                }
            }
        }
        if (deviceJar == null) {
            deviceJar = repo.resolve("containers/target/device.jar");
        }
        System.out.printf(Locale.ROOT, "Coinfer benchmarks: Java %s, %d cores, load average %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadAverage());
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (OverheadBench overhead = new OverheadBench(scale)) {
            section("1. Framework overhead, device-only plan (1 intra-op, 1 inter-op thread)");
            rows.addAll(overhead.deviceOnly());
            section("2. Split overhead: prefix (0..c) + suffix (c..n) vs whole (0..n), no network");
            rows.addAll(overhead.split());
        }
        section("3. Decision time");
        rows.addAll(new DecisionBench(scale).run());
        section("4. Device container start and memory");
        if (container) {
            rows.addAll(new ContainerBench(deviceJar, 3, 3_000).run());
        } else {
            rows.add(Row.skip("device container start", "< 5 s", "--no-container"));
        }
        section("5. Engines: latency per segment against ONNX Runtime (one thread each), and memory");
        rows.addAll(new EngineBench(repo, scale).run());
        if (container) {
            rows.addAll(new ContainerBench(deviceJar, 1, 5_000).engines(List.of("onnxruntime", "tensorflow", "djl")));
        }
        rows.add(Row.skip("transfer goodput", ">= 1 GB/s; >= 0.95x link",
                "not repeated here: bundles/coinfer.transport.tcp.client/bench.sh (TransportBench)"));
        System.out.printf(Locale.ROOT, "%nSummary (%.0f s, load average now %s)%n", (System.nanoTime() - t0) / 1e9, loadAverage());
        Summary.print(rows);
        if (csv != null) {
            Summary.writeCsv(rows, csv);
            System.out.println("CSV written to " + csv.toAbsolutePath());
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void section(String title) {
        System.out.println();
        System.out.println(title);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
