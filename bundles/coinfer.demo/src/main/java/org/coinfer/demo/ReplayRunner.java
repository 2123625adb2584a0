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
 * Replays real throughput traces on the shaped link inside the device container once it is
 * configured: the link's rate follows each trace over time while the strategies take turns,
 * request by request, so all of them see the same link at the same moments (see {@link Replay}).
 */
@Component(configurationPid = ReplayRunner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ReplayRunner.Config.class)
public final class ReplayRunner {
    static final String PID = "org.coinfer.replay";

    @ObjectClassDefinition(name = "Coinfer trace replay", description = "Replays throughput traces on the link while every strategy serves requests.")
    public @interface Config {
        @AttributeDefinition(description = "Trace files to replay, one after the other (two columns: seconds, Mbit/s).")
        String[] traces();

        @AttributeDefinition(description = "Strategies that take turns; empty: every installed one.")
        String[] strategies() default {};

        @AttributeDefinition(description = "Latency requirement in ms; 0: for each trace, between the final exit on the edge at "
                + "the replayed part's median rate and on the device, the point farthest from those and from every exit's device-only "
                + "time, as predicted from the two profiles.")
        double deadlineMs() default 0;

        @AttributeDefinition(description = "Seconds of each trace to replay; 0: all of it.")
        double durationS() default 0;

        @AttributeDefinition(description = "Time between the starts of two requests, in ms.")
        double intervalMs() default 200;

        @AttributeDefinition(description = "Unrecorded turns of every strategy before each trace, at its first rate and "
                + "under no requirement: segments load, and the device learns how its requests' times compare with the profiles.")
        int warmupTurns() default 4;

        @AttributeDefinition(description = "Traces the configuration map of edgent-dynamic is built from (the trace being "
                + "replayed is left out); empty: the replayed traces.")
        String[] mapTraces() default {};

        @AttributeDefinition(description = "Bandwidth states of the configuration map.")
        int states() default 8;

        @AttributeDefinition(description = "Share of a state's samples at which its plan must meet the requirement.")
        double coverage() default 0.95;

        @AttributeDefinition(description = "Share of the requirement a map's plans keep free, for the spread of real requests.")
        double headroom() default 0.1;

        @AttributeDefinition(description = "Where the configuration map is written for edgent-dynamic to read.")
        String mapFile() default "dynamic-map.json";

        @AttributeDefinition(description = "Lowest rate set on the link, in Mbit/s: a trace's zero cannot be shaped.")
        double floorMbps() default 0.05;

        @AttributeDefinition(description = "How to shape the link: kernel (tc tbf, needs root) or transport (application level).")
        String shaping() default "transport";

        @AttributeDefinition(description = "Interface the kernel shaper acts on.")
        String netDevice() default "lo";

        @AttributeDefinition(description = "CSV file for the rows, one per request; empty for none.")
        String csv() default "";

        @AttributeDefinition(description = "Markdown file for the summary (a section of an experiment's summary.md); empty for none.")
        String markdown() default "";

        @AttributeDefinition(description = "File that receives 'ok' or the failure when the replay ends; empty for none.")
        String statusFile() default "";

        @AttributeDefinition(description = "Seconds to wait for both profiles before giving up.")
        int readyTimeoutS() default 240;

        @AttributeDefinition(description = "Stop the container when the replay ends.")
        boolean shutdown() default true;
    }

    private final Drivers.Worker worker;

    @Activate
    public ReplayRunner(@Reference CoInference coinference, @Reference ConfigurationAdmin admin, BundleContext context, Config config) {
        Shaper shaper = Shaper.of(config.shaping(), config.netDevice(), admin);
        String emulation = Emulation.describe(context);
        worker = new Drivers.Worker("replay", context, config.statusFile(), config.shutdown(),
                () -> new Replay(coinference, admin, shaper, emulation, config, System.out).run());
    }

    /** A replay whose services went away ends without a result and without stopping the container. */
    @Deactivate
    void deactivate() throws InterruptedException {
        worker.cancel();
    }
}
