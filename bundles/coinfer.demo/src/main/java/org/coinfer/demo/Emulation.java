package org.coinfer.demo;

import java.util.Arrays;
import java.util.Locale;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.Tensor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * How the device is emulated, and how well: the same input run whole on the device and whole
 * on the edge, many times, gives the device's slowdown against the edge's core and the spread
 * of the device's compute time over identical requests.
 *
 * @param deviceMs the device's compute time of each device-only request
 * @param edgeMs the edge's compute time of each edge-only request (same input, same exit)
 */
record Emulation(double[] deviceMs, double[] edgeMs) {
    /** Service property of the emulating backend. */
    static final String EMULATED = "(coinfer.emulated=true)";

    /** The emulation as registered (not merely configured: a bad setting leaves it inactive), or that there is none. */
    static String describe(BundleContext context) {
        try {
            var refs = context.getServiceReferences(InferenceBackend.class, EMULATED);
            if (refs.isEmpty()) {
                return "not emulated: the device runs at this machine's speed";
            }
            return "emulated: every device computation really runs, then its thread waits until it has taken "
                    + refs.iterator().next().getProperty("slowdown") + "x as long (org.coinfer.device.emulation)";
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Emulation measure(CoInference coinference, Tensor input, int n) throws Exception {
        LatencyRequirement loose = new LatencyRequirement(1e9);
        // Each plan's first runs load its segment and compile code; that is not what is measured here.
        for (int i = 0; i < 3; i++) {
            coinference.infer(null, input, loose, DemoRunner.DEVICE_ONLY);
            coinference.infer(null, input, loose, DemoRunner.EDGE_ONLY);
        }
        double[] device = new double[n];
        double[] edge = new double[n];
        for (int i = 0; i < n; i++) {
            device[i] = coinference.infer(null, input, loose, DemoRunner.DEVICE_ONLY).deviceMs();
            edge[i] = coinference.infer(null, input, loose, DemoRunner.EDGE_ONLY).edgeMs();
        }
        return new Emulation(device, edge);
    }

    double slowdown() {
        return mean(deviceMs) / mean(edgeMs);
    }

    /** Coefficient of variation of the device's compute time. */
    double spread() {
        double m = mean(deviceMs);
        double var = Arrays.stream(deviceMs).map(x -> (x - m) * (x - m)).sum() / Math.max(1, deviceMs.length - 1);
        return Math.sqrt(var) / m;
    }

    String describe() {
        return String.format(Locale.ROOT, "device emulation measured on %d identical requests of the final exit: device %.2f ms, "
                + "edge %.2f ms, slowdown %.1fx (target about 10x), spread of the device's time %.1f%% (target at most 10%%)",
                deviceMs.length, mean(deviceMs), mean(edgeMs), slowdown(), 100 * spread());
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
