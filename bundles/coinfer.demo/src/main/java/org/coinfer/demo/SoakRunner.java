package org.coinfer.demo;

import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceBackend;
import org.coinfer.model.ModelCatalog;
import org.osgi.framework.BundleContext;
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
 * A soak run inside the device container once it is configured: many requests while the link's
 * rate flaps (and, from the outside, the edge is killed and restarted), each output checked
 * against the whole model run locally (see {@link Soak}).
 */
@Component(configurationPid = SoakRunner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SoakRunner.Config.class)
public final class SoakRunner {
    static final String PID = "org.coinfer.soak";

    @ObjectClassDefinition(name = "Coinfer soak", description = "Sends many requests through changing links and edge failures; "
            + "counts the failed ones and those whose output differs from the whole model run locally.")
    public @interface Config {
        @AttributeDefinition(description = "Requests to send.", min = "1")
        int requests() default 10_000;

        @AttributeDefinition(description = "Strategies that take turns; empty: every installed one.")
        String[] strategies() default {};

        @AttributeDefinition(description = "Latency requirements in ms that take turns, each for a round of all strategies.")
        double[] deadlinesMs() default {15, 40, 150, 1000};

        @AttributeDefinition(description = "Link rates in Mbit/s the link flaps between.")
        double[] ratesMbps() default {10, 1, 0.25, 5};

        @AttributeDefinition(description = "Seconds between two rate changes; 0: the link keeps the first rate.")
        double flapEveryS() default 0;

        @AttributeDefinition(description = "Largest difference from the whole model's output still counted right.")
        double tolerance() default 1e-4;

        @AttributeDefinition(description = "How to shape the link: kernel (tc tbf, needs root) or transport (application level).")
        String shaping() default "transport";

        @AttributeDefinition(description = "Interface the kernel shaper acts on.")
        String netDevice() default "lo";

        @AttributeDefinition(description = "File that receives the result as one JSON object; empty: printed.")
        String resultFile() default "";

        @AttributeDefinition(description = "File created when the first request is sent (faults are scheduled from then); empty for none.")
        String startedFile() default "";

        @AttributeDefinition(description = "File that receives 'ok' or the failure when the run ends; empty for none.")
        String statusFile() default "";

        @AttributeDefinition(description = "Seconds to wait for both profiles before giving up.")
        int readyTimeoutS() default 240;

        @AttributeDefinition(description = "Stop the container when the run ends.")
        boolean shutdown() default true;
    }

    private final Drivers.Worker worker;

    /** The reference runs on the real backend, never on the device's emulation (which only waits longer). */
    @Activate
    public SoakRunner(@Reference CoInference coinference, @Reference ConfigurationAdmin admin, @Reference ModelCatalog catalog,
            // The reference answers come from ONNX Runtime itself, whatever engine the requests run on.
            @Reference(target = "(" + InferenceBackend.ENGINE + "=onnxruntime)") InferenceBackend backend, BundleContext context, Config config) {
        Shaper shaper = Shaper.of(config.shaping(), config.netDevice(), admin);
        worker = new Drivers.Worker("soak", context, config.statusFile(), config.shutdown(),
                () -> new Soak(coinference, catalog.defaultModel(), backend, shaper, config, System.out).run());
    }

    /** A run whose services went away ends without a result and without stopping the container. */
    @Deactivate
    void deactivate() throws InterruptedException {
        worker.cancel();
    }
}
