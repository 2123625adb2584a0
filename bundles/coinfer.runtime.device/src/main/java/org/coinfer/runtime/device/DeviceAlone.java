package org.coinfer.runtime.device;

import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Outcome;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Segments;

/**
 * A request finished on the device alone because the edge could not be reached or failed, or
 * because no prediction covers the model yet: at the most accurate exit whose predicted device
 * time fits what is left of the requirement, else at the fastest; with no device time to go by,
 * at the most accurate. A prefix the failed plan already computed is reused when its exit is
 * chosen. Exits are ranked by {@link ModelDescription#merit}, as edgent ranks them.
 */
final class DeviceAlone {
    static final String STRATEGY = "device-alone (fallback)";
    /** How the reason of a request that no prediction covered begins. */
    static final String UNPREDICTED = "no latency prediction for this model yet: ";
    /** What an outcome reports for a link never measured; a device-alone plan does not use it. */
    private static final NetworkConditions UNMEASURED = new NetworkConditions(1, 1, 0);

    /** What the failed plan computed on the device before it needed the edge. */
    record Partial(int exit, int cut, Tensor tensor) {
    }

    private final InferenceBackend backend;
    private final LoadedModel model;
    private final LatencyPredictor predictor;
    private final LatencyRequirement requirement;
    private final NetworkConditions network;
    private final long start;

    /**
     * {@code start}: when the request arrived ({@link System#nanoTime()}). The predictor may not
     * cover the model (still profiling after a new backend, say): what it cannot predict is NaN.
     */
    DeviceAlone(InferenceBackend backend, LoadedModel model, LatencyPredictor predictor, LatencyRequirement requirement,
                LinkEstimate estimate, long start) {
        this.backend = backend;
        this.model = model;
        this.predictor = lenient(predictor);
        this.requirement = requirement;
        this.network = estimate == null ? UNMEASURED : estimate.conditions();
        this.start = start;
    }

    /** Finishes the request on the device; {@code partial} may be null; {@code why} goes into the outcome. */
    Outcome run(Tensor input, Partial partial, String why) throws InferenceException {
        ModelDescription desc = model.description();
        double leftMs = requirement.deadlineMs() - (System.nanoTime() - start) / 1e6;
        Exit exit = choose(desc, partial, leftMs);
        int from = from(exit, partial);
        long t0 = System.nanoTime();
        Tensor out = from == exit.layers() ? partial.tensor()
                : Segments.run(backend, model, new SegmentKey(desc.id(), exit.number(), from, exit.layers()),
                        from == 0 ? input : partial.tensor());
        long device = System.nanoTime() - t0;
        Plan plan = new PlanningContext(desc, network, requirement, predictor).plan(STRATEGY, exit.number(), exit.layers());
        return new Outcome(plan, network, out, device / 1e6, 0, 0, 0, (System.nanoTime() - start) / 1e6, why);
    }

    /** The most accurate exit whose remaining device time fits {@code leftMs}, else the quickest to finish. */
    Exit choose(ModelDescription desc, Partial partial, double leftMs) {
        List<Exit> exits = desc.byMerit();
        Exit quickest = null;
        double quickestMs = Double.POSITIVE_INFINITY;
        for (Exit e : exits) {
            double ms = predictor.predictMs(Host.DEVICE, desc, e.number(), from(e, partial), e.layers());
            if (ms <= leftMs || Double.isNaN(ms) && quickest == null) {
                return e; // fits, or nothing is known of any better exit's time: the most accurate
            }
            if (ms < quickestMs) {
                quickest = e;
                quickestMs = ms;
            }
        }
        return quickest;
    }

    /** The predictor, answering NaN where it knows nothing rather than failing the request. */
    private static LatencyPredictor lenient(LatencyPredictor p) {
        return new LatencyPredictor() {
            @Override
            public double predictMs(Host host, ModelDescription m, int exit, int fromCut, int toCut) {
                try {
                    return p.predictMs(host, m, exit, fromCut, toCut);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    return Double.NaN;
                }
            }

            @Override
            public boolean covers(ModelDescription m) {
                return true;
            }
        };
    }

    private static int from(Exit e, Partial partial) {
        return partial != null && partial.exit() == e.number() ? partial.cut() : 0;
    }
}
