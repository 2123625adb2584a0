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
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.Outcome;
import org.coinfer.api.Tensor;
import org.coinfer.model.HostProfiles;
import org.osgi.framework.BundleContext;
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
    private final Drivers.Worker worker;

    @Activate
    public DemoRunner(@Reference CoInference coinference, @Reference ConfigurationAdmin admin, BundleContext context, Config config) {
        Shaper shaper = Shaper.of(config.shaping(), config.netDevice(), admin);
        String emulation = Emulation.describe(context);
        worker = new Drivers.Worker("demo", context, config.statusFile(), config.shutdown(),
                () -> new DemoRunner.Run(coinference, () -> predictor, shaper, emulation, config, System.out).run());
    }

    /** A demo whose services went away ends without a result and without stopping the container. */
    @Deactivate
    void deactivate() throws InterruptedException {
        worker.cancel();
    }

    /** One run of the demo. */
    record Run(CoInference coinference, Supplier<LatencyPredictor> predictor, Shaper shaper, String emulation, Config config,
               PrintStream out) {
        void run() throws Exception {
            Inputs inputs = Inputs.load(out);
            Drivers.checkCsvFolder(config.csv());
            Drivers.awaitReady(coinference, inputs.image(0), config.readyTimeoutS(), out);
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
            Sweep.Result result = new Sweep(coinference, shaper, inputs, out).run(schedule, requirements.all(), coinference.strategies(),
                    config.warmup(), config.requests(), config.stepRequests());
            List<Row> rows = result.rows();
            List<Step> steps = result.steps();
            ModelDescription model = coinference.context(null, new LatencyRequirement(1)).model();
            out.println(Step.summary(steps));
            out.printf(Locale.ROOT, "probes took %.2f%% of the link's time since the device first measured it (budget 2%%)%n",
                    100 * coinference.link().probeShare());
            Verdict.of(rows, model).print(out);
            writeResults(rows, model);
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
    }
}
