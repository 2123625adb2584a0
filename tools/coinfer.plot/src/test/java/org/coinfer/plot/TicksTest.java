package org.coinfer.plot;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class TicksTest {
    @Test
    public void linearTicksAreOneTwoFiveTimesAPowerOfTen() {
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100}, Ticks.linear(0, 100, 6, false), 1e-12);
        assertArrayEquals(new double[] {0, 50, 100}, Ticks.linear(0, 100, 5, false), 1e-12);
        assertArrayEquals(new double[] {-1, 0, 1, 2}, Ticks.linear(-1.15, 2.4, 8, false), 1e-12);
        assertArrayEquals(new double[] {0, 5, 10, 15, 20}, Ticks.linear(-1.15, 24.15, 8, false), 1e-12);
    }

    @Test
    public void smallStepsGetCleanLabelsNotFloatNoise() {
        double[] t = Ticks.linear(0, 1, 11, false);
        assertEquals(11, t.length);
        assertEquals("0.3", Ticks.label(t[3]));
        assertEquals("0.7", Ticks.label(t[7]));
    }

    @Test
    public void integerTicksNeverFallBetweenWholeNumbers() {
        assertArrayEquals(new double[] {4, 5, 6}, Ticks.linear(4, 6, 10, true), 0);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, Ticks.linear(-0.2, 5.2, 20, true), 0);
    }

    @Test
    public void logTicksAreOneTwoFivePerDecadeWhenTheyFit() {
        assertArrayEquals(new double[] {0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10}, Ticks.log(0.04, 12, 10), 0);
        assertEquals("0.05", Ticks.label(Ticks.log(0.04, 12, 10)[0]));
    }

    @Test
    public void crowdedLogTicksFallBackToDecadesThenEveryFewDecades() {
        assertArrayEquals(new double[] {0.1, 1, 10}, Ticks.log(0.04, 12, 4), 0);
        assertArrayEquals(new double[] {1e-2, 1, 1e2, 1e4, 1e6}, Ticks.log(1e-3, 2e6, 6), 1e-9);
        assertArrayEquals(new double[] {1, 1e5}, Ticks.log(1e-3, 2e6, 3), 1e-9);
    }

    @Test
    public void aNarrowLogRangeGetsLinearTicks() {
        assertArrayEquals(new double[] {12, 14, 16, 18}, Ticks.log(12, 18, 5), 1e-12);
    }

    @Test
    public void labelsAreShortest() {
        assertEquals("0", Ticks.label(-0.0));
        assertEquals("3", Ticks.label(3.0));
        assertEquals("-2.5", Ticks.label(-2.5));
        assertEquals("250", Ticks.label(250));
        assertEquals("1e6", Ticks.label(1e6));
        assertEquals("1e-5", Ticks.label(1e-5));
    }

    @Test
    public void anEmptyRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ticks.linear(1, 1, 5, false));
        assertThrows(IllegalArgumentException.class, () -> Ticks.log(0, 10, 5));
    }
}
