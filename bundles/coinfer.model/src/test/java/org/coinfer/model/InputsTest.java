package org.coinfer.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.coinfer.api.DType;
import org.coinfer.api.Tensor;
import org.coinfer.api.TensorSpec;
import org.junit.Test;

public class InputsTest {
    private final TensorSpec spec = new TensorSpec("x", DType.FLOAT32, new long[] {-1, 3, 4, 5});

    @Test
    public void unknownDimensionsBecomeOne() {
        assertArrayEquals(new long[] {1, 3, 4, 5}, Inputs.batchOne(spec));
        assertArrayEquals("the spec is not changed", new long[] {-1, 3, 4, 5}, spec.shape());
    }

    @Test
    public void zerosHaveTheSpecsTypeAndSize() {
        Tensor t = Inputs.zeros(new TensorSpec("x", DType.INT64, new long[] {-1, 6}));
        assertEquals(DType.INT64, t.dtype());
        assertEquals(6 * 8, t.byteSize());
        java.nio.ByteBuffer b = t.data();
        while (b.hasRemaining()) {
            assertEquals(0, b.get());
        }
    }
}
