package org.coinfer.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TensorTest {
    private static Tensor t(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    @Test
    public void maxAbsDifferenceIsTheLargestElementwiseGap() {
        assertEquals(0.5, t(new long[] {1, 3}, 1, 2, 3).maxAbsDifference(t(new long[] {1, 3}, 1, 2.5f, 2.75f)), 1e-9);
        assertEquals(0, t(new long[] {2}, 4, 5).maxAbsDifference(t(new long[] {2}, 4, 5)), 0);
    }

    @Test
    public void aDifferentShapeOrANanNeverPassesATolerance() {
        assertEquals(Double.POSITIVE_INFINITY, t(new long[] {1, 2}, 1, 2).maxAbsDifference(t(new long[] {2, 1}, 1, 2)), 0);
        double d = t(new long[] {3}, 1, Float.NaN, 3).maxAbsDifference(t(new long[] {3}, 1, 2, 30));
        assertTrue("NaN, whatever follows: " + d, Double.isNaN(d));
    }
}
