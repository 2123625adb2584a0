package org.coinfer.predictor.hybrid.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.TensorSpec;
import org.junit.Test;

public class HybridPredictorTest {
    static final ModelDescription MODEL = new ModelDescription("m", "hash", new TensorSpec("x", DType.FLOAT32, new long[] {1, 4}),
            List.of(new Exit(1, "y", 0.9, List.of(new CutPoint(0, "x", 16), new CutPoint(1, "y", 8)))));

    /** Answers {@code ms} for every part once it covers; counts how often it was asked whether it covers. */
    static final class Fixed implements LatencyPredictor {
        final double ms;
        final String why;
        volatile boolean covering;
        int asked;

        Fixed(double ms, String why) {
            this.ms = ms;
            this.why = why;
        }

        @Override
        public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
            if (!covering) {
                throw new IllegalArgumentException("asked for a model it does not cover");
            }
            return ms;
        }

        @Override
        public boolean covers(ModelDescription model) {
            asked++;
            return covering;
        }

        @Override
        public String uncoveredReason(ModelDescription model) {
            asked++;
            return covering ? "" : why;
        }

        @Override
        public Optional<HostProfile> profile(Host host, String modelId) {
            return covering ? Optional.of(new HostProfile(modelId, "hash", host, List.of(List.of(0.0, ms)))) : Optional.empty();
        }
    }

    @Test
    public void theRegressionAnswersUntilTheMeasuredProfilesAreIn() {
        Fixed measured = new Fixed(2, "model m is being profiled on the device and the edge");
        Fixed fitted = new Fixed(3, "no per-layer latency model from the edge yet");
        HybridPredictor h = new HybridPredictor(measured, fitted);

        assertFalse(h.covers(MODEL));
        assertEquals("model m is being profiled on the device and the edge; and the per-layer regression cannot answer yet: "
                + "no per-layer latency model from the edge yet", h.uncoveredReason(MODEL));
        assertTrue("asking is what starts the profiling", measured.asked > 0);

        fitted.covering = true;
        assertTrue(h.covers(MODEL));
        assertEquals("", h.uncoveredReason(MODEL));
        assertEquals(3, h.predictMs(Host.DEVICE, MODEL, 1, 0, 1), 0);
        assertEquals("no measured profile yet", Optional.empty(), h.profile(Host.EDGE, "m"));

        measured.covering = true;
        assertEquals(2, h.predictMs(Host.EDGE, MODEL, 1, 0, 1), 0);
        assertTrue(h.profile(Host.EDGE, "m").isPresent());
    }
}
