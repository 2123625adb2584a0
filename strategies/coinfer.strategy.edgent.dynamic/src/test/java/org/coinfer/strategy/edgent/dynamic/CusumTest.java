package org.coinfer.strategy.edgent.dynamic;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

/** Detection delay and false alarms of the default detector on synthetic rates with log-normal noise. */
public class CusumTest {
    static final double DRIFT = 0.25;
    static final double THRESHOLD = 0.7;

    /** Observations after a step of {@code factor} until the detector signals it, averaged over many steps. */
    static double meanDelay(double factor, double noise, Random r) {
        int steps = 400;
        int total = 0;
        for (int s = 0; s < steps; s++) {
            Cusum c = new Cusum(DRIFT, THRESHOLD);
            double level = 0.5 + 3 * r.nextDouble();
            for (int i = 0; i < 20; i++) {
                c.observe(level * noisy(noise, r));
            }
            int delay = 1;
            while (!c.observe(level * factor * noisy(noise, r))) {
                delay++;
                if (delay > 50) {
                    throw new AssertionError("a step of " + factor + "x went unnoticed for 50 observations");
                }
            }
            total += delay;
        }
        return (double) total / steps;
    }

    /** Change points signalled per 1,000 observations of a steady rate. */
    static double falseAlarms(double noise, Random r) {
        Cusum c = new Cusum(DRIFT, THRESHOLD);
        int alarms = -1; // the first observation starts the first segment
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            alarms += c.observe(1.5 * noisy(noise, r)) ? 1 : 0;
        }
        return 1000.0 * alarms / n;
    }

    private static double noisy(double sigmaLog2, Random r) {
        return Math.pow(2, sigmaLog2 * r.nextGaussian());
    }

    @Test
    public void catchesAStepOfTwoOrMoreWithinTwoObservationsAndRarelyCriesWolf() {
        Random r = new Random(9);
        // Noise of 5% (log2 sd 0.07): the link estimate between steps.
        double[] delays = {meanDelay(2, 0.07, r), meanDelay(0.5, 0.07, r), meanDelay(4, 0.07, r), meanDelay(0.25, 0.07, r)};
        double quiet = falseAlarms(0.07, r);
        double rough = falseAlarms(0.15, r);
        System.out.printf("CUSUM(drift %.2f, threshold %.2f): mean delay after x2 %.2f, x0.5 %.2f, x4 %.2f, x0.25 %.2f observations; "
                + "false alarms per 1000: %.2f at 5%% noise, %.2f at 11%%%n", DRIFT, THRESHOLD, delays[0], delays[1], delays[2], delays[3],
                quiet, rough);
        for (double d : delays) {
            assertTrue("mean delay " + d, d <= 2);
        }
        assertTrue("x4 is caught by its first observation", delays[2] == 1 && delays[3] == 1);
        assertTrue("false alarms " + quiet, quiet < 0.1);
        assertTrue("false alarms " + rough, rough < 20);
    }

    @Test
    public void theLevelIsTheSegmentsGeometricMean() {
        Cusum c = new Cusum(DRIFT, THRESHOLD);
        assertTrue(c.observe(1));
        assertEquals(false, c.observe(1.1));
        assertEquals(Math.sqrt(1.1), c.level(), 1e-12);
        assertTrue("a 3x step restarts the segment", c.observe(3.3));
        assertEquals(3.3, c.level(), 1e-12);
        assertEquals(1, c.segmentLength());
        assertThrows(IllegalArgumentException.class, () -> c.observe(0));
        assertThrows(IllegalArgumentException.class, () -> new Cusum(-1, 1));
    }
}
