package org.coinfer.strategy.edgent.dynamic.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.StrategyName;
import org.coinfer.strategy.edgent.ExitOrder;
import org.coinfer.strategy.edgent.JointOptimizer;
import org.coinfer.strategy.edgent.dynamic.ConfigurationMap;
import org.coinfer.strategy.edgent.dynamic.Cusum;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Edgent for a changing link (TWC 2019): each request's estimated uplink rate goes to a CUSUM
 * change-point detector, and the plan is the configuration map's for the state of the current
 * segment's rate, so the plan moves when the link moves to another state and stays put while
 * it only fluctuates. When the predictor, as it stands now, says the map's plan would not meet
 * the requirement (less the map's headroom) at the segment's rate or at the latest estimate,
 * whichever is lower, the plan is Edgent's choice at that rate and budget instead: a segment's
 * rate trails a link that slides down without a step, and the map's plan trails with it. The
 * other way, a plan on the device alone does not depend on the link, so it is checked live: when
 * one at a more accurate exit than the map's plan now fits the budget (the calibration found the
 * device quicker than when the map was built), it is taken instead. The map is read from its
 * file when first needed and again whenever the file changes. Without a map, or for a model or
 * requirement the map was not built for, it plans as {@code edgent} does (and says why, once).
 */
@Component(configurationPid = EdgentDynamic.PID)
@Designate(ocd = EdgentDynamic.Config.class)
@StrategyName(EdgentDynamic.NAME)
public final class EdgentDynamic implements PartitionStrategy {
    public static final String NAME = "edgent-dynamic";
    static final String PID = "org.coinfer.strategy.edgent.dynamic";
    private static final Logger LOG = System.getLogger(EdgentDynamic.class.getName());

    @ObjectClassDefinition(name = "Coinfer edgent-dynamic strategy",
            description = "Edgent with a configuration map from bandwidth states to plans and CUSUM change-point detection.")
    public @interface Config {
        @AttributeDefinition(name = "Map file", description = "The configuration map (coinfer dynamic-map writes one); "
                + "empty: plan as edgent does.")
        String map() default "";

        @AttributeDefinition(name = "CUSUM drift", description = "Allowance per request in log2 units of the rate: "
                + "changes smaller than this are noise (0.25: 19%).", min = "0")
        double drift() default 0.25;

        @AttributeDefinition(name = "CUSUM threshold", description = "Decision interval in log2 units: a change point is "
                + "signalled when the summed deviation passes it (0.7: a 2x step is caught by its first full observation).", min = "0")
        double threshold() default 0.7;
    }

    private volatile Config config;
    /** The map as last read, with the file's time and size then, to see when it changes. */
    private Loaded loaded;
    /** Restarted with each map: a new map may be for another link (the next trace of a replay). */
    private Cusum detector;
    private String lastProblem = "";
    private String lastReported = "";

    private record Loaded(Path file, FileTime modified, long size, ConfigurationMap map) {
    }

    @Activate
    public EdgentDynamic(Config config) {
        modified(config);
    }

    /** Cheap: the next request reads the map again and starts a new detector. */
    @Modified
    void modified(Config config) {
        new Cusum(config.drift(), config.threshold()); // a bad setting fails here, not at the next request
        this.config = config;
        synchronized (this) {
            loaded = null;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized Plan plan(PlanningContext context) {
        Config c = config;
        Path file = c.map().isBlank() ? null : Path.of(c.map());
        ConfigurationMap map = map(file, c);
        String problem = map == null ? (file == null ? "no configuration map is configured (" + PID + " map)" : lastProblem)
                : map.fits(context.model(), context.requirement()) ? ""
                : "the map " + file + " was built for model " + map.modelId() + " under " + map.requirementMs()
                        + " ms, not model " + context.model().id() + " under " + context.requirement().deadlineMs() + " ms";
        if (problem.isEmpty()) {
            try {
                map.check(context.model(), file.toString()); // a hand-edited map may name a plan the model lacks
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (!problem.isEmpty()) {
            report(problem);
            return JointOptimizer.choose(context, NAME);
        }
        detector.observe(context.network().uplinkBps() / 1e6);
        double level = detector.level();
        ConfigurationMap.Entry e = map.entry(level);
        // The map was built ahead of time; the predictor may have learnt since (calibration), and
        // the link may be sliding. At the lower of the segment's rate and the latest estimate, the
        // map's plan must still fit the budget; otherwise Edgent's choice there.
        NetworkConditions now = context.network();
        double worst = Math.min(level * 1e6, now.uplinkBps());
        PlanningContext atWorst = new PlanningContext(context.model(), new NetworkConditions(worst, now.downlinkBps(), now.rttMs()),
                map.budget(), context.predictor());
        if (atWorst.predict(e.exit(), e.cut()).totalMs() <= map.budget().deadlineMs()) {
            Plan better = deviceAloneAbove(atWorst, e.exit());
            return better == null ? context.plan(NAME, e.exit(), e.cut()) : context.plan(NAME, better.exit(), better.cut());
        }
        Plan fallback = JointOptimizer.choose(atWorst, NAME);
        return context.plan(NAME, fallback.exit(), fallback.cut());
    }

    /**
     * The fastest plan on the device alone that meets the context's requirement (the budget), in
     * the best group of exits more accurate than {@code exit} that has one; null when none has.
     */
    private static Plan deviceAloneAbove(PlanningContext atBudget, int exit) {
        ModelDescription model = atBudget.model();
        for (int[] group : ExitOrder.of(model).groups()) {
            if (Arrays.stream(group).anyMatch(x -> x == exit)) {
                return null; // the map's exit is in this group: nothing above it fits
            }
            Plan best = Arrays.stream(group).mapToObj(x -> atBudget.plan(NAME, x, model.exit(x).layers()))
                    .filter(Plan::meetsRequirement).min(atBudget.fastestFirst()).orElse(null);
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /** The map in the file, read again when the file has changed; null (and why in lastProblem) when it cannot be read. */
    private ConfigurationMap map(Path file, Config c) {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            lastProblem = "the configuration map " + file + " does not exist (yet)";
            loaded = null;
            return null;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Loaded l = loaded;
            if (l == null || !l.file().equals(file) || !l.modified().equals(modified) || l.size() != size) {
                ConfigurationMap m = ConfigurationMap.read(file);
                loaded = new Loaded(file, modified, size, m);
                detector = new Cusum(c.drift(), c.threshold());
                LOG.log(Level.INFO, "configuration map {0} read: {1} states, model {2}, {3} ms", file, m.states().size(), m.modelId(),
                        m.requirementMs());
            }
            return loaded.map();
        } catch (IOException | IllegalArgumentException e) {
            lastProblem = "cannot read the configuration map " + file + ": " + e.getMessage();
            loaded = null;
            return null;
        }
    }

    private void report(String problem) {
        if (!problem.equals(lastReported)) {
            lastReported = problem;
            LOG.log(Level.WARNING, "{0}; planning as edgent does", problem);
        }
    }
}
