package org.coinfer.plot;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class AxisTest {
    @Test
    public void aLogAxisPlacesEachDecadeTheSameDistanceApart() {
        Axis a = Axis.of(0.1, 10, true, false);
        assertEquals(0.5, a.fraction(1), 1e-12);
        assertEquals(a.fraction(10) - a.fraction(1), a.fraction(1) - a.fraction(0.1), 1e-12);
        // 5% of the two decades on each side: 0.1 sits at 0.1 / 2.2 of the axis.
        assertEquals(0.1 / 2.2, a.fraction(0.1), 1e-12);
        assertEquals(0, a.fraction(a.lo), 1e-12);
        assertEquals(1, a.fraction(a.hi), 1e-12);
    }

    @Test
    public void aLinearAxisIsPaddedFivePercent() {
        Axis a = Axis.of(0, 20, false, false);
        assertEquals(-1, a.lo, 1e-12);
        assertEquals(21, a.hi, 1e-12);
        assertEquals(0.5, a.fraction(10), 1e-12);
    }

    @Test
    public void allEqualValuesStillGetARange() {
        Axis exit = Axis.of(5, 5, false, true);
        assertEquals(4, exit.lo, 0);
        assertEquals(6, exit.hi, 0);
        assertEquals(3, exit.ticks(10).length);
        Axis zero = Axis.of(0, 0, false, false);
        assertEquals(-1, zero.lo, 0);
        assertEquals(1, zero.hi, 0);
        Axis log = Axis.of(3, 3, true, false);
        assertEquals(1.5, log.lo, 1e-12);
        assertEquals(6, log.hi, 1e-12);
    }

    @Test
    public void aLogAxisHasNoPlaceForZeroOrLess() {
        assertThrows(IllegalArgumentException.class, () -> Axis.of(0, 10, true, false));
        Axis a = Axis.of(1, 10, true, false);
        assertFalse(a.accepts(0));
        assertFalse(a.accepts(Double.NaN));
        assertTrue(a.accepts(0.001));
        assertTrue(Axis.of(1, 10, false, false).accepts(-3));
    }
}
