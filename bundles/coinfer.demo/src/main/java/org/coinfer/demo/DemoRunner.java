package org.coinfer.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.Outcome;
import org.coinfer.api.Tensor;
import org.coinfer.model.IdxDataset;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Runs the demo inside the device container once it is configured: for each bandwidth of the
 * schedule it shapes the link, then sends real test images through every installed strategy
 * under each latency requirement, printing a line per point and writing the rows as CSV.
 */
@Component(configurationPid = DemoRunner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = DemoRunner.Config.class)
public final class DemoRunner {
    static final String PID = "org.coinfer.demo";

    @ObjectClassDefinition(name = "Coinfer demo", description = "Runs every installed strategy across a bandwidth schedule.")
    public @interface Config {
        @AttributeDefinition(description = "Link rates of the schedule, in Mbit/s.")
        double[] bandwidthsMbps() default {10, 2, 1, 0.25, 0.05};

        @AttributeDefinition(description = "Latency requirements, in milliseconds.")
        double[] deadlinesMs() default {100, 400};

        @AttributeDefinition(description = "Unrecorded requests per strategy and bandwidth first, so a plan's first use (loading its segment) is not timed.")
        int warmup() default 1;

        @AttributeDefinition(description = "Requests per strategy, bandwidth and requirement.")
        int requests() default 4;

        @AttributeDefinition(description = "How to shape the link: kernel (tc tbf, needs root) or transport (application level).")
        String shaping() default "transport";

        @AttributeDefinition(description = "Interface the kernel shaper acts on.")
        String netDevice() default "lo";

        @AttributeDefinition(description = "Pause after changing the link rate, longer than the runtime's bandwidth staleness, so the next request measures the new link.")
        long settleMs() default 1500;

        @AttributeDefinition(description = "CSV file for the rows; empty for none.")
        String csv() default "";

        @AttributeDefinition(description = "File that receives 'ok' or the failure when the demo ends; empty for none.")
        String statusFile() default "";

        @AttributeDefinition(description = "Seconds to wait for both profiles before giving up.")
        int readyTimeoutS() default 240;

        @AttributeDefinition(description = "Stop the container when the demo ends.")
        boolean shutdown() default true;
    }

    private final Thread worker;

    @Activate
    public DemoRunner(@Reference CoInference coinference, @Reference ConfigurationAdmin admin, BundleContext context, Config config) {
        Shaper shaper = "kernel".equals(config.shaping()) ? Shaper.kernel(config.netDevice()) : Shaper.transport(admin);
        worker = new Thread(() -> {
            String status = "ok";
            try {
                run(coinference, shaper, config, System.out);
            } catch (Exception e) {
                status = "failed: " + e.getMessage();
                System.out.println("demo " + status);
            }
            finish(context, config, status);
        }, "coinfer-demo");
        worker.start();
    }

    @Deactivate
    void deactivate() {
        worker.interrupt();
    }

    static void run(CoInference coinference, Shaper shaper, Config config, PrintStream out) throws Exception {
        Inputs inputs = Inputs.load(out);
        awaitReady(coinference, inputs.image(0), config.readyTimeoutS());
        out.println("link shaping: " + shaper.describe());
        out.println("strategies: " + coinference.strategies());
        out.println(Row.tableHeader());
        List<Row> rows = new ArrayList<>();
        int next = 0;
        for (double mbps : config.bandwidthsMbps()) {
            shaper.apply(mbps);
            Thread.sleep(config.settleMs());
            for (String strategy : coinference.strategies()) {
                for (int w = 0; w < config.warmup(); w++, next++) {
                    coinference.infer(null, inputs.image(next), new LatencyRequirement(config.deadlinesMs()[0]), strategy);
                }
                for (double deadline : config.deadlinesMs()) {
                    Point point = new Point();
                    for (int r = 0; r < config.requests(); r++, next++) {
                        Outcome o = coinference.infer(null, inputs.image(next), new LatencyRequirement(deadline), strategy);
                        point.add(o, inputs.correct(next, o.output()), deadline);
                    }
                    Row row = point.row(strategy, mbps, deadline);
                    rows.add(row);
                    out.println(row.tableLine());
                }
            }
        }
        if (!config.csv().isEmpty()) {
            List<String> lines = new ArrayList<>(List.of(Row.HEADER));
            rows.forEach(r -> lines.add(r.csv()));
            Files.write(Path.of(config.csv()), lines);
            out.println("wrote " + rows.size() + " rows to " + config.csv());
        }
    }

    /** Waits until device and edge have both profiled the model, showing that it waits. */
    private static void awaitReady(CoInference coinference, Tensor probe, int timeoutS) throws Exception {
        long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        String last = null;
        while (true) {
            try {
                coinference.infer(null, probe, new LatencyRequirement(1e9), null);
                return;
            } catch (InferenceException e) {
                if (System.nanoTime() > deadline) {
                    throw new InferenceException("not ready after " + timeoutS + " s: " + e.getMessage());
                }
                if (!e.getMessage().equals(last)) {
                    System.out.println("waiting: " + e.getMessage());
                    last = e.getMessage();
                }
                Thread.sleep(250);
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

    /** Test images with labels when the dataset is installed, seeded random inputs otherwise. */
    record Inputs(IdxDataset data, Random random) {
        static Inputs load(PrintStream out) {
            try {
                IdxDataset d = IdxDataset.fashionMnistTest();
                out.println("inputs: Fashion-MNIST test images (" + d.size() + ")");
                return new Inputs(d, null);
            } catch (IOException e) {
                out.println("inputs: random images, so no accuracy (" + e.getMessage() + ")");
                return new Inputs(null, new Random(42));
            }
        }

        Tensor image(int i) {
            if (data != null) {
                return data.image(i % data.size());
            }
            float[] v = new float[28 * 28];
            for (int k = 0; k < v.length; k++) {
                v[k] = random.nextFloat();
            }
            return Tensor.ofFloats(new long[] {1, 1, 28, 28}, v);
        }

        /** 1 or 0 when the label is known, NaN otherwise. */
        double correct(int i, Tensor scores) {
            return data == null ? Double.NaN : IdxDataset.argmax(scores) == data.label(i % data.size()) ? 1 : 0;
        }
    }
}
