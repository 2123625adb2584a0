package org.coinfer.backend.tensorflow.internal;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.program.OnnxProgram;
import org.coinfer.onnx.program.Op;
import org.coinfer.onnx.program.UnsupportedOperatorException;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds one TensorFlow graph for a lowered segment.
 *
 * <p>ONNX lays images out NCHW; TensorFlow's CPU kernels for convolution and pooling want NHWC.
 * Every 4-D value therefore carries its layout here: the ops that need NHWC ask for it, the ops
 * whose meaning depends on element order (Flatten, Reshape, Gemm, MatMul, Transpose, Gather, the
 * old Softmax) ask for NCHW, and axis-wise ops (Concat, Split, Slice, Pad, Softmax) map their axes
 * to the layout their input already has. A value is transposed at most once into each layout, so
 * a chain of convolutions transposes the segment's input once and its output once.
 */
final class Lowering {
    static final String ENGINE = "tensorflow";

    /** The operators this backend lowers. */
    static final Set<String> SUPPORTED = Set.of("Conv", "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool",
            "LRN", "BatchNormalization", "Gemm", "MatMul", "Add", "Mul", "Sub", "Div", "Sigmoid", "Tanh", "Concat",
            "Flatten", "Reshape", "Unsqueeze", "Squeeze", "Transpose", "Split", "Slice", "Pad", "Softmax", "Gather",
            "ReduceMean", "ReduceSum");

    private static final int[] TO_NHWC = {0, 2, 3, 1};
    private static final int[] TO_NCHW = {0, 3, 1, 2};
    /** Where each NCHW axis sits in NHWC. */
    private static final int[] NHWC_AXIS = {0, 3, 1, 2};

    /** A computed value and whether it is held NHWC (only ever for 4-D values). */
    private record Value(Operand<TFloat32> t, boolean nhwc) {
    }

    /**
     * The graph's input and output; or, when the segment's output is a constant (a shape the
     * lowering folded), that constant and no output operand.
     */
    record Lowered(Placeholder<TFloat32> input, Operand<TFloat32> output, Tensor constant) {
    }

    final OnnxProgram program;
    final Ops tf;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Operand<TFloat32>> converted = new HashMap<>();
    private final SpatialOps spatial;
    private final ShapeOps shaping;

    private Lowering(OnnxProgram program, Graph graph) {
        this.program = program;
        this.tf = Ops.create(graph);
        this.spatial = new SpatialOps(this);
        this.shaping = new ShapeOps(this);
    }

    /**
     * Adds the segment's ops to {@code graph}.
     *
     * @throws UnsupportedOperatorException for an op, or an attribute value, this backend cannot run
     * @throws IllegalArgumentException naming the node when TensorFlow rejects what it was given
     */
    static Lowered lower(OnnxProgram program, Graph graph) {
        program.requireSupported(SUPPORTED, ENGINE);
        Lowering l = new Lowering(program, graph);
        if (program.inputType() != DType.FLOAT32) {
            Op reader = program.ops().stream().filter(op -> op.inputs().contains(program.input())).findFirst().orElse(null);
            String feature = "a " + program.inputType() + " input (this backend runs FLOAT32 segments)";
            throw reader != null ? l.refuse(reader, feature)
                    : new UnsupportedOperatorException(program.source(), program.input(), "input", ENGINE);
        }
        Placeholder<TFloat32> input = l.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(program.inputShape())));
        l.values.put(program.input(), new Value(input, false));
        Tensor folded = program.constants().get(program.output());
        if (folded != null) {
            return new Lowered(input, null, folded);
        }
        for (Op op : program.ops()) {
            try {
                l.lower(op);
            } catch (UnsupportedOperatorException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(program.source() + ": node '" + op.name() + "' (" + op.opType()
                        + "): TensorFlow refused it: " + e.getMessage(), e);
            }
        }
        return new Lowered(input, l.tf.identity(l.nchw(program.output())), null);
    }

    private void lower(Op op) {
        switch (op.opType()) {
            case "Conv" -> spatial.conv(op);
            case "MaxPool" -> spatial.maxPool(op);
            case "AveragePool" -> spatial.averagePool(op);
            case "GlobalAveragePool" -> spatial.globalAveragePool(op);
            case "LRN" -> spatial.lrn(op);
            case "BatchNormalization" -> spatial.batchNormalization(op);
            case "Relu" -> put(op, tf.nn.relu(in(op, 0).t()), in(op, 0).nhwc());
            case "Sigmoid" -> put(op, tf.math.sigmoid(in(op, 0).t()), in(op, 0).nhwc());
            case "Tanh" -> put(op, tf.math.tanh(in(op, 0).t()), in(op, 0).nhwc());
            case "Clip" -> clip(op);
            case "Add", "Mul", "Sub", "Div" -> binary(op);
            case "Gemm" -> gemm(op);
            case "MatMul" -> matMul(op);
            case "Flatten", "Reshape", "Unsqueeze", "Squeeze" -> put(op, reshape(nchw(op, 0), shape(op.outputs().get(0))), false);
            case "Concat" -> shaping.concat(op);
            case "Split" -> shaping.split(op);
            case "Slice" -> shaping.slice(op);
            case "Pad" -> shaping.pad(op);
            case "Transpose" -> shaping.transpose(op);
            case "Softmax" -> shaping.softmax(op);
            case "Gather" -> shaping.gather(op);
            case "ReduceMean", "ReduceSum" -> shaping.reduce(op);
            default -> throw new UnsupportedOperatorException(program.source(), op.name(), op.opType(), ENGINE);
        }
    }

    // ---- values and layouts

    long[] shape(String value) {
        return program.shape(value);
    }

    long[] shape(Op op, int input) {
        return shape(op.inputs().get(input));
    }

    private Value in(Op op, int i) {
        return value(op, op.inputs().get(i));
    }

    private Value value(Op op, String name) {
        Value v = values.get(name);
        if (v == null) {
            Tensor c = program.constants().get(name);
            if (c == null) {
                throw new IllegalStateException("value '" + name + "' is read before it is computed");
            }
            if (c.dtype() != DType.FLOAT32) {
                throw refuse(op, "a " + c.dtype() + " operand ('" + name + "')");
            }
            v = new Value(floats(c.shape(), c.toFloats()), false);
            values.put(name, v);
        }
        return v;
    }

    /** Whether input {@code i} is held NHWC now. */
    boolean isNhwc(Op op, int i) {
        return in(op, i).nhwc();
    }

    Operand<TFloat32> nhwc(Op op, int i) {
        return layout(op, op.inputs().get(i), true);
    }

    Operand<TFloat32> nchw(Op op, int i) {
        return layout(op, op.inputs().get(i), false);
    }

    /** Input {@code i} in the given layout (which only 4-D values have a choice of). */
    Operand<TFloat32> layout(Op op, int i, boolean nhwc) {
        return layout(op, op.inputs().get(i), nhwc);
    }

    private Operand<TFloat32> nchw(String name) {
        return layout(null, name, false);
    }

    private Operand<TFloat32> layout(Op op, String name, boolean nhwc) {
        Value v = value(op, name);
        if (v.nhwc() == nhwc || shape(name).length != 4) {
            return v.t();
        }
        return converted.computeIfAbsent(name + (nhwc ? "@nhwc" : "@nchw"),
                k -> tf.linalg.transpose(v.t(), ints(nhwc ? TO_NHWC : TO_NCHW)));
    }

    /**
     * Input {@code i} ready to broadcast against a 4-D NHWC value: a lower-rank operand (a
     * {@code [C,1,1]} bias) is aligned to rank 4 as ONNX's broadcasting does, then transposed.
     */
    Operand<TFloat32> broadcastNhwc(Op op, int i) {
        String name = op.inputs().get(i);
        long[] s = shape(name);
        if (s.length == 4 || s.length == 0) {
            return layout(op, name, true);
        }
        long[] s4 = new long[4];
        Arrays.fill(s4, 1);
        System.arraycopy(s, 0, s4, 4 - s.length, s.length);
        Operand<TFloat32> plain = layout(op, name, false);
        return converted.computeIfAbsent(name + "@nhwc4", k -> tf.linalg.transpose(reshape(plain, s4), ints(TO_NHWC)));
    }

    /** Where NCHW axis {@code axis} (negative counts from the end) sits in a value of {@code rank} held as said. */
    static int axis(long axis, int rank, boolean nhwc) {
        int a = (int) (axis < 0 ? axis + rank : axis);
        return nhwc ? NHWC_AXIS[a] : a;
    }

    void put(Op op, Operand<TFloat32> t, boolean nhwc) {
        put(op, 0, t, nhwc);
    }

    void put(Op op, int output, Operand<TFloat32> t, boolean nhwc) {
        String name = op.outputs().get(output);
        values.put(name, new Value(t, nhwc && shape(name).length == 4));
    }

    /** The constant behind input {@code i}; refuses the op when the input is computed at run time. */
    Tensor constant(Op op, int i, String what) {
        Tensor c = program.constants().get(op.inputs().get(i));
        if (c == null) {
            throw refuse(op, what + " computed at run time");
        }
        return c;
    }

    static long[] longs(Tensor t) {
        if (t.dtype() != DType.INT64 && t.dtype() != DType.INT32) {
            throw new IllegalArgumentException("expected integers, found " + t);
        }
        long[] v = new long[Math.toIntExact(t.elementCount())];
        var data = t.data();
        for (int k = 0; k < v.length; k++) {
            v[k] = t.dtype() == DType.INT64 ? data.getLong() : data.getInt();
        }
        return v;
    }

    UnsupportedOperatorException refuse(Op op, String feature) {
        return new UnsupportedOperatorException(program.source(), op, feature, ENGINE);
    }

    // ---- constants and small helpers

    Operand<TFloat32> floats(long[] shape, float[] v) {
        return tf.constant(Shape.of(shape), DataBuffers.of(FloatBuffer.wrap(v)));
    }

    Operand<TFloat32> scalar(float v) {
        return tf.constant(v);
    }

    Operand<TInt32> ints(int... v) {
        return tf.constant(v);
    }

    /** A 0-D axis, as Concat, Split and Gather take it. */
    Operand<TInt32> axisOperand(int axis) {
        return tf.constant(axis);
    }

    Operand<TInt64> longs(long[] shape, long[] v) {
        return tf.constant(Shape.of(shape), DataBuffers.of(LongBuffer.wrap(v)));
    }

    Operand<TFloat32> reshape(Operand<TFloat32> x, long[] shape) {
        return tf.reshape(x, tf.constant(shape));
    }

    // ---- element-wise and matrix ops

    private void binary(Op op) {
        boolean nhwc = shape(op.outputs().get(0)).length == 4 && (isNhwc(op, 0) || isNhwc(op, 1));
        Operand<TFloat32> a = nhwc ? broadcastNhwc(op, 0) : nchw(op, 0);
        Operand<TFloat32> b = nhwc ? broadcastNhwc(op, 1) : nchw(op, 1);
        Operand<TFloat32> y = switch (op.opType()) {
            case "Add" -> tf.math.add(a, b);
            case "Mul" -> tf.math.mul(a, b);
            case "Sub" -> tf.math.sub(a, b);
            default -> tf.math.div(a, b);
        };
        put(op, y, nhwc);
    }

    /** Clip's bounds are inputs since opset 11 and attributes before. */
    private void clip(Op op) {
        Value x = in(op, 0);
        Operand<TFloat32> y = x.t();
        if (program.opset() < 11) {
            if (op.has("min")) {
                y = tf.math.maximum(y, scalar(op.f("min", 0)));
            }
            if (op.has("max")) {
                y = tf.math.minimum(y, scalar(op.f("max", 0)));
            }
        } else {
            if (op.hasInput(1)) {
                y = tf.math.maximum(y, nchw(op, 1));
            }
            if (op.hasInput(2)) {
                y = tf.math.minimum(y, nchw(op, 2));
            }
        }
        put(op, y, x.nhwc());
    }

    private void gemm(Op op) {
        Operand<TFloat32> y = tf.linalg.matMul(nchw(op, 0), nchw(op, 1),
                org.tensorflow.op.linalg.MatMul.transposeA(op.i("transA", 0) != 0),
                org.tensorflow.op.linalg.MatMul.transposeB(op.i("transB", 0) != 0));
        float alpha = op.f("alpha", 1f);
        float beta = op.f("beta", 1f);
        if (alpha != 1f) {
            y = tf.math.mul(y, scalar(alpha));
        }
        if (op.hasInput(2) && beta != 0f) {
            Operand<TFloat32> c = nchw(op, 2);
            y = tf.math.add(y, beta == 1f ? c : tf.math.mul(c, scalar(beta)));
        }
        put(op, y, false);
    }

    /** NumPy's matmul: 1-D operands gain a dimension that the result drops again. */
    private void matMul(Op op) {
        long[] as = shape(op, 0);
        long[] bs = shape(op, 1);
        Operand<TFloat32> a = as.length == 1 ? reshape(nchw(op, 0), new long[] {1, as[0]}) : nchw(op, 0);
        Operand<TFloat32> b = bs.length == 1 ? reshape(nchw(op, 1), new long[] {bs[0], 1}) : nchw(op, 1);
        Operand<TFloat32> y = Math.max(as.length, 2) == 2 && Math.max(bs.length, 2) == 2
                ? tf.linalg.matMul(a, b)
                : tf.train.batchMatMul(a, b, TFloat32.class);
        if (as.length == 1 || bs.length == 1) {
            y = reshape(y, shape(op.outputs().get(0)));
        }
        put(op, y, false);
    }
}
