package org.coinfer.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.coinfer.api.CoInference;
import org.coinfer.api.Host;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.Outcome;
import org.coinfer.api.Tensor;
import org.coinfer.model.HostProfiles;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Runs the demo inside the device container once it is configured: it measures the device
 * emulation, picks requirements from the device's profile, and for each bandwidth of the
 * schedule shapes the link, follows the link estimate over the step, then sends real test
 * images through every installed strategy under each requirement, printing a line per point
 * and writing the rows as CSV, the two host profiles beside it. It ends by checking what
 * Edgent promises against the measured rows.
 */
@Component(configurationPid = DemoRunner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = DemoRunner.Config.class)
public final class DemoRunner {
    static final String PID = "org.coinfer.demo";
    static final String EDGE_ONLY = "edge-only";
    static final String DEVICE_ONLY = "device-only";

    @ObjectClassDefinition(name = "Coinfer demo", description = "Runs every installed strategy across a bandwidth schedule.")
    public @interface Config {
        @AttributeDefinition(description = "Link rates of the schedule, in Mbit/s, in the order they are set; "
                + "each change is a step the link estimate must follow.")
        double[] bandwidthsMbps() default {10, 2, 0.25, 0.05, 1};

        @AttributeDefinition(description = "Fixed latency requirements, in milliseconds.")
        double[] deadlinesMs() default {100, 400};

        @AttributeDefinition(description = "Requirements are also chosen from the profiles, up to this multiple of the final "
                + "exit's device-only time.")
        double aboveFinalExit() default 2;

        @AttributeDefinition(description = "Unrecorded requests per strategy and bandwidth first, so a plan's first use (loading its segment) is not timed.")
        int warmup() default 1;

        @AttributeDefinition(description = "Requests per strategy, bandwidth and requirement.")
        int requests() default 4;

        @AttributeDefinition(description = "Identical requests that measure the device emulation's slowdown and spread.")
        int emulationRequests() default 20;

        @AttributeDefinition(description = "Requests after each step of the link rate over which the estimate is followed.")
        int stepRequests() default 3;

        @AttributeDefinition(description = "How to shape the link: kernel (tc tbf, needs root) or transport (application level).")
        String shaping() default "transport";

        @AttributeDefinition(description = "Interface the kernel shaper acts on.")
        String netDevice() default "lo";

        @AttributeDefinition(description = "CSV file for the rows; empty for none. The host profiles are written beside it.")
        String csv() default "";

        @AttributeDefinition(description = "File that receives 'ok' or the failure when the demo ends; empty for none.")
        String statusFile() default "";

        @AttributeDefinition(description = "Seconds to wait for both profiles before giving up.")
        int readyTimeoutS() default 240;

        @AttributeDefinition(description = "Stop the container when the demo ends.")
        boolean shutdown() default true;
    }

    /** The measured profiles it writes come from the profile predictor; dynamic, so the demo outlives a replaced one. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + LatencyPredictor.NAME + "=profile)")
    private volatile LatencyPredictor predictor;
    private final Thread worker;
    private volatile boolean cancelled;

    @Activate
    public DemoRunner(@Reference CoInference coinference, @Reference ConfigurationAdmin admin, BundleContext context, Config config) {
        Shaper shaper = "kernel".equals(config.shaping()) ? Shaper.kernel(config.netDevice()) : Shaper.transport(admin);
        String emulation = Emulation.describe(context);
        worker = new Thread(() -> {
            String status = "ok";
            try {
                new DemoRunner.Run(coinference, () -> predictor, shaper, emulation, config, System.out).run();
            } catch (Exception e) {
                status = "failed: " + (e.getMessage() != null ? e.getMessage() : e.toString());
                System.out.println("demo " + status);
            }
            if (!cancelled) {
                finish(context, config, status);
            }
        }, "coinfer-demo");
        worker.start();
    }

    /** A demo whose services went away ends without a result and without stopping the container. */
    @Deactivate
    void deactivate() throws InterruptedException {
        cancelled = true;
        worker.interrupt();
        worker.join(5_000);
    }

    /** One run of the demo. */
    record Run(CoInference coinference, Supplier<LatencyPredictor> predictor, Shaper shaper, String emulation, Config config,
               PrintStream out) {
        void run() throws Exception {
            Inputs inputs = Inputs.load(out);
            checkCsvFolder();
            awaitReady(inputs.image(0));
            double[] schedule = config.bandwidthsMbps();
            if (schedule.length == 0 || Arrays.stream(schedule).anyMatch(r -> !(r > 0))) {
                throw new IllegalArgumentException(PID + ": bandwidthsMbps: expected one or more rates above 0 Mbit/s, found "
                        + Arrays.toString(schedule));
            }
            shaper.apply(schedule[0]);
            out.println("link shaping: " + shaper.describe());
            out.println("device: " + emulation);
            out.println(Emulation.measure(coinference, inputs.image(0), config.emulationRequests()).describe());
            Requirements requirements = Requirements.choose(coinference.context(null, new LatencyRequirement(1)), schedule,
                    config.deadlinesMs(), config.aboveFinalExit());
            out.println(requirements.describe());
            out.println("strategies: " + coinference.strategies());
            List<Row> rows = new ArrayList<>();
            List<Step> steps = new ArrayList<>();
            int next = 0;
            for (int i = 0; i < schedule.length; i++) {
                double mbps = schedule[i];
                long phaseStart = System.nanoTime();
                double[] probeMs = {0};
                if (i > 0) {
                    shaper.apply(mbps);
                    Step step = Step.follow(coinference, inputs.image(next), schedule[i - 1], mbps, config.stepRequests(), probeMs);
                    next += config.stepRequests();
                    steps.add(step);
                    out.println(step.describe());
                }
                out.println(Row.tableHeader());
                for (String strategy : coinference.strategies()) {
                    for (int w = 0; w < config.warmup(); w++, next++) {
                        probeMs[0] += coinference.infer(null, inputs.image(next), new LatencyRequirement(requirements.all()[0]), strategy).probeMs();
                    }
                    for (double deadline : requirements.all()) {
                        Point point = new Point();
                        for (int r = 0; r < config.requests(); r++, next++) {
                            Outcome o = coinference.infer(null, inputs.image(next), new LatencyRequirement(deadline), strategy);
                            probeMs[0] += o.probeMs();
                            point.add(o, inputs.correct(next, o.output()), deadline);
                        }
                        Row row = point.row(strategy, mbps, deadline);
                        rows.add(row);
                        out.println(row.tableLine());
                    }
                }
                double phaseMs = (System.nanoTime() - phaseStart) / 1e6;
                out.printf(Locale.ROOT, "probes at %s Mbit/s: %.0f ms of %.1f s, %.2f%% of the link's time%n", Row.num(mbps), probeMs[0],
                        phaseMs / 1e3, 100 * probeMs[0] / phaseMs);
            }
            ModelDescription model = coinference.context(null, new LatencyRequirement(1)).model();
            out.println(Step.summary(steps));
            out.printf(Locale.ROOT, "probes took %.2f%% of the link's time since the device first measured it (budget 2%%)%n",
                    100 * coinference.link().probeShare());
            Verdict.of(rows, model).print(out);
            writeResults(rows, model);
        }

        /** Fails before anything is measured when the CSV's folder cannot be written. */
        private void checkCsvFolder() throws IOException {
            if (config.csv().isEmpty()) {
                return;
            }
            Path parent = Path.of(config.csv()).toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new IOException("cannot create the folder " + parent + " for the CSV " + config.csv() + ": " + e.getMessage(), e);
            }
        }

        private void writeResults(List<Row> rows, ModelDescription model) throws IOException {
            if (config.csv().isEmpty()) {
                return;
            }
            List<String> lines = new ArrayList<>(List.of(Row.HEADER));
            rows.forEach(r -> lines.add(r.csv()));
            Path csv = Path.of(config.csv());
            Files.write(csv, lines);
            out.println("wrote " + rows.size() + " rows to " + csv);
            String base = csv.toString().replaceFirst("\\.csv$", "");
            for (Host host : Host.values()) {
                Path file = Path.of(base + "." + host.name().toLowerCase(Locale.ROOT) + "-profile.json");
                var profile = predictor.get().profile(host, model.id());
                if (profile.isPresent()) {
                    HostProfiles.write(file, profile.get(), new HostProfiles.Provenance("onnxruntime",
                            host == Host.DEVICE ? emulation : "none"));
                    out.println("wrote the " + host.name().toLowerCase(Locale.ROOT) + " profile to " + file);
                } else {
                    out.println("no " + host.name().toLowerCase(Locale.ROOT) + " profile to write: the predictor plans from none");
                }
            }
        }

        /** Waits until device and edge have both profiled the model, showing that it waits. */
        private void awaitReady(Tensor probe) throws Exception {
            long deadline = System.nanoTime() + config.readyTimeoutS() * 1_000_000_000L;
            String last = null;
            while (true) {
                try {
                    coinference.infer(null, probe, new LatencyRequirement(1e9), DEVICE_ONLY);
                    return;
                } catch (InferenceException e) {
                    if (System.nanoTime() > deadline) {
                        throw new InferenceException("not ready after " + config.readyTimeoutS() + " s: " + e.getMessage());
                    }
                    if (!e.getMessage().equals(last)) {
                        out.println("waiting: " + e.getMessage());
                        last = e.getMessage();
                    }
                    Thread.sleep(250);
                }
            }
        }
    }

    private static void finish(BundleContext context, Config config, String status) {
        try {
            if (!config.statusFile().isEmpty()) {
                Files.writeString(Path.of(config.statusFile()), status + "\n");
            }
            if (config.shutdown()) {
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
            }
        } catch (IOException | BundleException | IllegalStateException e) {
            System.out.println("demo could not finish cleanly: " + e.getMessage());
        }
    }
}
