package org.coinfer.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coinfer.api.CoInference;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.Tensor;

/**
 * The link estimate over one step of the shaped rate: estimates after each of a few edge-only
 * requests (the raw input, 3 kB on B-AlexNet: the smallest request that uses the link).
 *
 * @param estimatesMbps the uplink as estimated before the step, then after each request
 */
record Step(double fromMbps, double toMbps, List<Double> estimatesMbps) {
    /** Within this share of the new rate counts as followed. */
    static final double TOLERANCE = 0.2;

    static Step follow(CoInference coinference, Tensor input, double fromMbps, double toMbps, int requests, double[] probeMs)
            throws Exception {
        List<Double> seen = new ArrayList<>();
        seen.add(coinference.link().conditions().uplinkBps() / 1e6);
        for (int i = 0; i < requests; i++) {
            probeMs[0] += coinference.infer(null, input, new LatencyRequirement(1e9), DemoRunner.EDGE_ONLY).probeMs();
            seen.add(coinference.link().conditions().uplinkBps() / 1e6);
        }
        return new Step(fromMbps, toMbps, seen);
    }

    /** The first request after which the estimate is within the tolerance, or -1. */
    int followedAfter() {
        for (int i = 1; i < estimatesMbps.size(); i++) {
            if (Math.abs(estimatesMbps.get(i) - toMbps) <= TOLERANCE * toMbps) {
                return i;
            }
        }
        return -1;
    }

    String describe() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "link step %s -> %s Mbit/s: estimate %.3f, after each request",
                Row.num(fromMbps), Row.num(toMbps), estimatesMbps.get(0)));
        for (int i = 1; i < estimatesMbps.size(); i++) {
            sb.append(String.format(Locale.ROOT, " %.3f", estimatesMbps.get(i)));
        }
        int k = followedAfter();
        return sb.append(k > 0 ? " (within 20% after " + k + ")" : " (not within 20%)").toString();
    }

    static String summary(List<Step> steps) {
        long followed = steps.stream().filter(s -> s.followedAfter() > 0).count();
        return String.format(Locale.ROOT, "link estimate: within 20%% of the new rate within %d requests at %d of %d steps",
                steps.isEmpty() ? 0 : steps.get(0).estimatesMbps().size() - 1, followed, steps.size());
    }
}
