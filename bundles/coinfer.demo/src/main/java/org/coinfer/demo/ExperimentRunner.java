package org.coinfer.demo;

import org.coinfer.api.CoInference;
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
 * Runs one of the article's experiments (Fig. 5 or Fig. 6, see {@link Experiment}) inside the
 * device container once it is configured, for every installed strategy.
 */
@Component(configurationPid = ExperimentRunner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ExperimentRunner.Config.class)
public final class ExperimentRunner {
    static final String PID = "org.coinfer.experiment";

    @ObjectClassDefinition(name = "Coinfer experiment", description = "Reproduces Fig. 5 or Fig. 6 of the Edgent article on the real pair.")
    public @interface Config {
        @AttributeDefinition(description = "fig5 (one requirement, bandwidth swept) or fig6 (one bandwidth, requirements swept).")
        String experiment();

        @AttributeDefinition(description = "Folder that receives NAME.csv and NAME.md.")
        String out();

        @AttributeDefinition(description = "Points of the sweep: rates (fig5, log-spaced from 0.05 to 10 Mbit/s) or requirements (fig6).")
        int points() default 10;

        @AttributeDefinition(description = "fig5: the rates in Mbit/s; empty: points rates, log-spaced from 0.05 to 10.")
        double[] ratesMbps() default {};

        @AttributeDefinition(description = "fig5: the requirement in ms; 0: chosen from the profiles so that the exit matters.")
        double deadlineMs() default 0;

        @AttributeDefinition(description = "fig6: the link's rate in Mbit/s (the article's 0.4).")
        double mbps() default 0.4;

        @AttributeDefinition(description = "fig6: the requirements in ms; empty: points of them, tight to loose, chosen from the profiles.")
        double[] deadlinesMs() default {};

        @AttributeDefinition(description = "Measured requests per strategy and point.")
        int requests() default 10;

        @AttributeDefinition(description = "Unrecorded requests per strategy and rate first, so a plan's first use is not timed.")
        int warmup() default 1;

        @AttributeDefinition(description = "Identical requests that measure the device emulation's slowdown and spread.")
        int emulationRequests() default 20;

        @AttributeDefinition(description = "Requests after each step of the link rate over which the estimate is followed.")
        int stepRequests() default 3;

        @AttributeDefinition(description = "How to shape the link: kernel (tc tbf, needs root) or transport (application level).")
        String shaping() default "kernel";

        @AttributeDefinition(description = "Interface the kernel shaper acts on.")
        String netDevice() default "lo";

        @AttributeDefinition(description = "File that receives 'ok' or the failure when the experiment ends; empty for none.")
        String statusFile() default "";

        @AttributeDefinition(description = "Seconds to wait for both profiles before giving up.")
        int readyTimeoutS() default 240;

        @AttributeDefinition(description = "Stop the container when the experiment ends.")
        boolean shutdown() default true;
    }

    private final Drivers.Worker worker;

    @Activate
    public ExperimentRunner(@Reference CoInference coinference, @Reference ConfigurationAdmin admin, BundleContext context, Config config) {
        Shaper shaper = Shaper.of(config.shaping(), config.netDevice(), admin);
        String emulation = Emulation.describe(context);
        worker = new Drivers.Worker("experiment", context, config.statusFile(), config.shutdown(),
                () -> new Experiment(coinference, shaper, emulation, config, System.out).run());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.cancel();
    }
}
