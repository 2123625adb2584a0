package org.coinfer.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class StatsTest {
    @Test
    public void medianOfOddAndEvenCounts() {
        assertEquals(3, Stats.median(new double[] {5, 1, 3}), 0);
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}), 0);
    }

    @Test
    public void quantilesInterpolateAndLeaveTheInputAlone() {
        double[] xs = {10, 0, 20, 30, 40};
        assertEquals(0, Stats.quantile(xs, 0), 0);
        assertEquals(40, Stats.quantile(xs, 1), 0);
        assertEquals(15, Stats.quantile(xs, 0.375), 1e-12);
        assertEquals(10, xs[0], 0);
    }

    @Test
    public void emptyInputIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
    }
}
