package org.coinfer.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable dense tensor: element type, shape and its elements as little-endian bytes in
 * row-major order. The bytes are held as given, without copying, so a tensor read from the
 * network or produced by a backend moves through Coinfer without per-element work.
 */
public final class Tensor {
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    /**
     * @param data the remaining bytes of this buffer are the elements; they must number exactly
     *     the shape's element count times the element size
     */
    public Tensor(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long expected = elementCount(this.shape) * dtype.bytes();
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("tensor " + dtype + Arrays.toString(shape) + " needs "
                    + expected + " bytes, found " + data.remaining());
        }
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
    }

    /** A float tensor holding a copy of {@code values}. */
    public static Tensor ofFloats(long[] shape, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new Tensor(DType.FLOAT32, shape, buf);
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** A read-only little-endian view of the elements, positioned at the first byte. */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long elementCount() {
        return elementCount(shape);
    }

    public long byteSize() {
        return data.remaining();
    }

    /** The elements as floats; only for {@link DType#FLOAT32} tensors. */
    public float[] toFloats() {
        if (dtype != DType.FLOAT32) {
            throw new IllegalStateException("tensor holds " + dtype + ", not FLOAT32");
        }
        float[] out = new float[Math.toIntExact(elementCount())];
        data().asFloatBuffer().get(out);
        return out;
    }

    /**
     * The largest absolute difference between this FLOAT32 tensor's elements and {@code other}'s:
     * how far a split execution is from the whole model's. Infinite when type or shape differ,
     * NaN when an element is NaN, so a comparison {@code d <= tolerance} fails for both.
     */
    public double maxAbsDifference(Tensor other) {
        if (other.dtype != dtype || !Arrays.equals(other.shape, shape)) {
            return Double.POSITIVE_INFINITY;
        }
        float[] a = toFloats();
        float[] b = other.toFloats();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return d;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    /** Product of the dimensions; a negative (unknown) dimension is an error. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has an unknown dimension");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.dtype == dtype && Arrays.equals(t.shape, shape) && t.data.equals(data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
