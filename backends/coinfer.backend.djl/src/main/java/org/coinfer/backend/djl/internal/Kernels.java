package org.coinfer.backend.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.coinfer.backend.djl.internal.Lowering.Compiled;
import org.coinfer.engine.djl.Lrn;
import org.coinfer.onnx.program.Op;

/** ONNX operators as NDArray operations, each prepared once from its attributes and shapes. */
final class Kernels {
    /** The operators this backend runs (Constant, Identity, Dropout and shape arithmetic never reach it). */
    static final Set<String> SUPPORTED = Set.of("Conv", "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool",
            "GlobalMaxPool", "LRN", "BatchNormalization", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Concat",
            "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Split", "Slice", "Pad", "Softmax", "Sigmoid",
            "Tanh", "ReduceMean", "ReduceSum");

    private Kernels() {
    }

    static Compiled compile(Op op, Lowering l) {
        return switch (op.opType()) {
            case "Relu" -> unary(x -> x.getNDArrayInternal().relu());
            case "Sigmoid" -> unary(x -> x.getNDArrayInternal().sigmoid());
            case "Tanh" -> unary(NDArray::tanh);
            case "Add" -> binary(NDArray::add);
            case "Sub" -> binary(NDArray::sub);
            case "Mul" -> binary(NDArray::mul);
            case "Div" -> binary(Kernels::divide);
            case "MatMul" -> binary(NDArray::matMul);
            case "Clip" -> clip(op, l);
            case "ReduceMean" -> reduce(op, l, (x, a) -> x.mean(new int[] {a}, true));
            case "ReduceSum" -> reduce(op, l, (x, a) -> x.sum(new int[] {a}, true));
            case "Flatten", "Reshape", "Squeeze", "Unsqueeze" -> reshape(op, l);
            case "Transpose" -> transpose(op, l);
            case "Concat" -> concat(op, l);
            case "Split" -> split(op, l);
            case "Slice" -> slice(op, l);
            case "Pad" -> pad(op, l);
            case "Softmax" -> softmax(op, l);
            case "Gemm" -> gemm(op, l);
            case "LRN" -> unary(x -> Lrn.apply(x, (int) op.i("size", 0), op.f("alpha", 1e-4f), op.f("beta", 0.75f),
                    op.f("bias", 1f)));
            case "BatchNormalization" -> batchNorm(op, l);
            case "GlobalAveragePool" -> global(op, l, x -> x.getNDArrayInternal().globalAvgPool());
            case "GlobalMaxPool" -> global(op, l, x -> x.getNDArrayInternal().globalMaxPool());
            case "Conv", "MaxPool", "AveragePool" -> Windows.compile(op, l);
            default -> throw l.unsupported(op, "this operator type");
        };
    }

    private static Compiled unary(UnaryOperator<NDArray> f) {
        return new Compiled(in -> new NDArray[] {f.apply(in[0])}, 0);
    }

    private static Compiled binary(BinaryOperator<NDArray> f) {
        return new Compiled(in -> new NDArray[] {f.apply(in[0], in[1])}, 0, 1);
    }

    /** DJL's global pools drop the spatial axes, which ONNX keeps as ones. */
    private static Compiled global(Op op, Lowering l, UnaryOperator<NDArray> pool) {
        Shape out = new Shape(l.shape(op.outputs().get(0)));
        return unary(x -> pool.apply(x).reshape(out));
    }

    private static int axis(Op op, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("node '" + op.name() + "' (" + op.opType() + "): axis " + axis
                    + " is outside rank " + rank);
        }
        return (int) a;
    }

    /** ONNX divides integers with truncation; PyTorch's division is true division. */
    private static NDArray divide(NDArray a, NDArray b) {
        NDArray q = a.div(b);
        return a.getDataType().isInteger() && !q.getDataType().isInteger() ? q.toType(a.getDataType(), false) : q;
    }

    /** One axis at a time (DJL's PyTorch reduces one axis per call), keeping them, then ONNX's shape. */
    private static Compiled reduce(Op op, Lowering l, java.util.function.BiFunction<NDArray, Integer, NDArray> one) {
        int rank = l.shape(op.inputs().get(0)).length;
        long[] axes = op.has("axes") ? op.ints("axes") : l.ints(op, 1, "axes"); // an input since opset 13 (Sum) / 18 (Mean)
        if (axes == null || axes.length == 0) {
            if (op.i("noop_with_empty_axes", 0) != 0) {
                return unary(NDArray::duplicate);
            }
            axes = IntStream.range(0, rank).asLongStream().toArray();
        }
        int[] sorted = java.util.Arrays.stream(axes).mapToInt(a -> axis(op, a, rank)).sorted().distinct().toArray();
        Shape out = new Shape(l.shape(op.outputs().get(0)));
        return unary(x -> {
            NDArray y = x;
            for (int k = sorted.length - 1; k >= 0; k--) {
                y = one.apply(y, sorted[k]);
            }
            return y.reshape(out);
        });
    }

    private static Compiled clip(Op op, Lowering l) {
        // Before opset 11 the bounds are attributes, since then optional constant inputs.
        float min = op.has("min") ? op.f("min", 0) : l.scalar(op, 1, "min", Float.NEGATIVE_INFINITY);
        float max = op.has("max") ? op.f("max", 0) : l.scalar(op, 2, "max", Float.POSITIVE_INFINITY);
        // PyTorch clamps integers with float bounds into floats; ONNX keeps the input's type.
        return unary(x -> {
            NDArray y = x.clip(min, max);
            return y.getDataType() == x.getDataType() ? y : y.toType(x.getDataType(), false);
        });
    }

    /** Shape-only operators: the output's shape is known, whatever the attributes say. */
    private static Compiled reshape(Op op, Lowering l) {
        Shape out = new Shape(l.shape(op.outputs().get(0)));
        return unary(x -> x.reshape(out));
    }

    private static Compiled transpose(Op op, Lowering l) {
        int rank = l.shape(op.inputs().get(0)).length;
        long[] perm = op.ints("perm");
        int[] p = perm == null ? IntStream.range(0, rank).map(i -> rank - 1 - i).toArray()
                : java.util.Arrays.stream(perm).mapToInt(Math::toIntExact).toArray();
        return unary(x -> x.transpose(p));
    }

    private static Compiled concat(Op op, Lowering l) {
        int axis = axis(op, op.i("axis", 0), l.shape(op.outputs().get(0)).length);
        int[] all = IntStream.range(0, op.inputs().size()).toArray();
        return new Compiled(in -> new NDArray[] {in.length == 1 ? in[0].duplicate() : NDArrays.concat(new NDList(in), axis)}, all);
    }

    private static Compiled split(Op op, Lowering l) {
        int axis = axis(op, op.i("axis", 0), l.shape(op.inputs().get(0)).length);
        long[] ends = new long[op.outputs().size() - 1];
        long at = 0;
        for (int k = 0; k < ends.length; k++) {
            at += l.shape(op.outputs().get(k)).length == 0 ? 0 : l.shape(op.outputs().get(k))[axis];
            ends[k] = at;
        }
        boolean[] used = new boolean[op.outputs().size()];
        for (int k = 0; k < used.length; k++) {
            used[k] = !op.outputs().get(k).isEmpty();
        }
        return unary1(x -> {
            NDArray[] parts = x.split(ends, axis).toArray(new NDArray[0]);
            return IntStream.range(0, parts.length).filter(k -> used[k]).mapToObj(k -> parts[k]).toArray(NDArray[]::new);
        });
    }

    private static Compiled unary1(java.util.function.Function<NDArray, NDArray[]> f) {
        return new Compiled(in -> f.apply(in[0]), 0);
    }

    private static Compiled slice(Op op, Lowering l) {
        long[] in = l.shape(op.inputs().get(0));
        boolean inputs = op.inputs().size() > 1; // opset 10 moved the bounds from attributes to inputs
        long[] starts = inputs ? l.ints(op, 1, "starts") : op.ints("starts");
        long[] ends = inputs ? l.ints(op, 2, "ends") : op.ints("ends");
        long[] axes = inputs ? l.ints(op, 3, "axes") : op.ints("axes");
        long[] steps = inputs ? l.ints(op, 4, "steps") : null;
        String[] dims = new String[in.length];
        java.util.Arrays.fill(dims, ":");
        for (int i = 0; i < starts.length; i++) {
            int a = axis(op, axes == null ? i : axes[i], in.length);
            long step = steps == null ? 1 : steps[i];
            if (step <= 0) {
                throw l.unsupported(op, "step " + step);
            }
            long start = clamp(starts[i] < 0 ? starts[i] + in[a] : starts[i], in[a]);
            long end = clamp(ends[i] < 0 ? ends[i] + in[a] : ends[i], in[a]);
            if (end <= start) {
                throw l.unsupported(op, "an empty slice of axis " + a);
            }
            dims[a] = start + ":" + end + ":" + step;
        }
        NDIndex index = new NDIndex(String.join(",", dims));
        return unary(x -> x.get(index));
    }

    private static long clamp(long v, long dim) {
        return Math.max(0, Math.min(v, dim));
    }

    private static Compiled pad(Op op, Lowering l) {
        String mode = op.s("mode", "constant");
        if (!mode.equals("constant")) {
            throw l.unsupported(op, "mode " + mode);
        }
        if (op.hasInput(3)) {
            throw l.unsupported(op, "an axes input");
        }
        boolean inputs = op.inputs().size() > 1; // opset 11 moved pads and value to inputs
        long[] pads = inputs ? l.ints(op, 1, "pads") : op.ints("pads");
        float value = inputs ? l.scalar(op, 2, "constant_value", 0f) : op.f("value", 0f);
        if (java.util.Arrays.stream(pads).anyMatch(p -> p < 0)) {
            throw l.unsupported(op, "negative pads");
        }
        Shape torch = Windows.torchPads(pads);
        return unary(x -> x.pad(torch, value));
    }

    private static Compiled softmax(Op op, Lowering l) {
        long[] in = l.shape(op.inputs().get(0));
        int rank = in.length;
        if (l.program.opset() >= 13) {
            int axis = axis(op, op.i("axis", -1), rank);
            return unary(x -> x.softmax(axis));
        }
        // Before opset 13 Softmax flattens to 2-D at axis and normalizes each row.
        int axis = axis(op, op.i("axis", 1), rank);
        if (axis == rank - 1) {
            return unary(x -> x.softmax(axis));
        }
        long rows = 1;
        for (int i = 0; i < axis; i++) {
            rows *= in[i];
        }
        Shape flat = new Shape(rows, -1);
        Shape back = new Shape(in);
        return unary(x -> x.reshape(flat).softmax(1).reshape(back));
    }

    /** {@code alpha * A' B' + beta * C}, with B' prepared once when B is constant. */
    private static Compiled gemm(Op op, Lowering l) {
        boolean transA = op.i("transA", 0) != 0;
        boolean transB = op.i("transB", 0) != 0;
        float alpha = op.f("alpha", 1f);
        float beta = op.f("beta", 1f);
        String b = op.inputs().get(1);
        NDArray constB = l.isConstant(b) ? (transB ? l.array(b).transpose(1, 0) : l.array(b)) : null;
        boolean hasC = op.hasInput(2);
        NDArray constC = hasC && l.isConstant(op.inputs().get(2))
                ? (beta == 1f ? l.array(op.inputs().get(2)) : l.array(op.inputs().get(2)).mul(beta)) : null;
        int[] data = constB == null ? new int[] {0, 1, 2} : new int[] {0, 2};
        return new Compiled(in -> {
            NDArray a = transA ? in[0].transpose(1, 0) : in[0];
            NDArray bb = constB != null ? constB : transB ? in[1].transpose(1, 0) : in[1];
            NDArray y = a.matMul(bb);
            if (alpha != 1f) {
                y = y.mul(alpha);
            }
            if (hasC) {
                y = y.add(constC != null ? constC : beta == 1f ? in[2] : in[2].mul(beta));
            }
            return new NDArray[] {y};
        }, constC == null ? data : java.util.Arrays.stream(data).filter(i -> i != 2).toArray());
    }

    private static Compiled batchNorm(Op op, Lowering l) {
        if (op.i("training_mode", 0) != 0) {
            throw l.unsupported(op, "training_mode 1");
        }
        if (op.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty())) {
            throw l.unsupported(op, "running statistics as outputs");
        }
        float eps = op.f("epsilon", 1e-5f);
        return new Compiled(in -> new NDArray[] {in[0].getNDArrayInternal()
                .batchNorm(in[0], in[3], in[4], in[1], in[2], 1, 0.9f, eps, false).get(0)}, 0, 1, 2, 3, 4);
    }
}
