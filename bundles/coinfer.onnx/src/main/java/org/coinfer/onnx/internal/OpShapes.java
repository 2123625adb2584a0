package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.stream.LongStream;

/** Shape rules for one node; throws (and so leaves outputs unknown) on anything it cannot derive. */
final class OpShapes {
    private final Shapes s;
    private final NodeProto n;

    OpShapes(Shapes s, NodeProto n) {
        this.s = s;
        this.n = n;
    }

    void infer() {
        switch (n.getOpType()) {
            case "Constant" -> Shapes.constant(s, n, out(0));
            case "Conv" -> conv();
            case "MaxPool", "AveragePool", "LpPool" -> pool();
            case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool" -> {
                long[] x = in(0);
                long[] o = x.clone();
                Arrays.fill(o, 2, o.length, 1);
                set(0, o, type(0));
            }
            case "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip", "LRN", "BatchNormalization", "Dropout",
                    "Identity", "Softmax", "LogSoftmax", "Exp", "Log", "Neg", "Abs", "Sqrt", "Erf", "Elu",
                    "Selu", "HardSigmoid", "HardSwish", "Softplus", "PRelu", "InstanceNormalization",
                    "LayerNormalization", "Reciprocal", "Floor", "Ceil", "Round", "Gelu", "Mish" -> unary();
            case "Cast" -> {
                set(0, in(0), (int) Protos.attrInt(n, "to", 0));
                if (s.ints(n.getInput(0)) != null) {
                    s.putInts(out(0), s.ints(n.getInput(0)));
                }
            }
            case "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean" -> broadcast(type(0));
            case "Equal", "Less", "Greater", "And", "Or" -> broadcast(9);
            case "Where" -> broadcast(type(1));
            case "Flatten" -> flatten();
            case "Reshape" -> reshape();
            case "Gemm" -> gemm();
            case "MatMul" -> matmul();
            case "Concat" -> concat();
            case "Shape" -> shapeOf();
            case "Gather" -> gather();
            case "Unsqueeze" -> unsqueeze();
            case "Squeeze" -> squeeze();
            case "Transpose" -> transpose();
            default -> { }
        }
    }

    private void unary() {
        set(0, in(0), type(0));
        if (n.getOpType().equals("Dropout") && n.getOutputCount() > 1) {
            set(1, in(0), 9);
        }
    }

    private void conv() {
        long[] x = in(0), w = in(1);
        long[] kernel = Arrays.copyOfRange(w, 2, w.length);
        long[] o = spatial(x, kernel, Protos.attrInts(n, "dilations"), false);
        o[1] = w[0];
        set(0, o, type(0));
    }

    private void pool() {
        long[] x = in(0);
        long[] o = spatial(x, Protos.attrInts(n, "kernel_shape"), Protos.attrInts(n, "dilations"),
                Protos.attrInt(n, "ceil_mode", 0) != 0);
        set(0, o, type(0));
        if (n.getOutputCount() > 1) {
            set(1, o, Protos.INT64);
        }
    }

    /** Output shape of a sliding window over x's spatial dimensions (Conv and pooling share it). */
    private long[] spatial(long[] x, long[] kernel, long[] dilations, boolean ceil) {
        int k = x.length - 2;
        long[] strides = orOnes(Protos.attrInts(n, "strides"), k);
        long[] dil = orOnes(dilations, k);
        long[] pads = Protos.attrInts(n, "pads");
        String auto = Protos.attrString(n, "auto_pad", "NOTSET");
        long[] o = x.clone();
        for (int i = 0; i < k; i++) {
            long size = x[i + 2];
            long extent = dil[i] * (kernel[i] - 1) + 1;
            o[i + 2] = switch (auto) {
                case "SAME_UPPER", "SAME_LOWER" -> Math.floorDiv(size + strides[i] - 1, strides[i]);
                case "VALID" -> Math.floorDiv(size - extent, strides[i]) + 1;
                default -> {
                    long padded = size + (pads == null ? 0 : pads[i] + pads[i + k]) - extent;
                    yield (ceil ? Math.floorDiv(padded + strides[i] - 1, strides[i]) : Math.floorDiv(padded, strides[i])) + 1;
                }
            };
        }
        return o;
    }

    private void broadcast(int type) {
        long[] o = new long[0];
        for (int i = 0; i < n.getInputCount(); i++) {
            long[] a = in(i);
            long[] r = new long[Math.max(o.length, a.length)];
            for (int j = 1; j <= r.length; j++) {
                long da = j <= a.length ? a[a.length - j] : 1, db = j <= o.length ? o[o.length - j] : 1;
                if (da != db && da != 1 && db != 1) {
                    throw new IllegalStateException("shapes do not broadcast");
                }
                r[r.length - j] = da == 1 ? db : da;
            }
            o = r;
        }
        set(0, o, type);
    }

    private void flatten() {
        long[] x = in(0);
        int axis = axis(Protos.attrInt(n, "axis", 1), x.length);
        set(0, new long[] {prod(x, 0, axis), prod(x, axis, x.length)}, type(0));
    }

    private void reshape() {
        long[] x = in(0), target = ints(1).clone();
        boolean allowZero = Protos.attrInt(n, "allowzero", 0) != 0;
        int free = -1;
        long rest = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero) {
                target[i] = x[i];
            }
            if (target[i] == -1) {
                free = i;
            } else {
                rest *= target[i];
            }
        }
        if (free >= 0) {
            target[free] = Shapes.count(x) / rest;
        }
        set(0, target, type(0));
    }

    private void gemm() {
        long[] a = in(0), b = in(1);
        boolean ta = Protos.attrInt(n, "transA", 0) != 0, tb = Protos.attrInt(n, "transB", 0) != 0;
        set(0, new long[] {ta ? a[1] : a[0], tb ? b[0] : b[1]}, type(0));
    }

    private void matmul() {
        long[] a = in(0), b = in(1);
        long[] a2 = a.length == 1 ? new long[] {1, a[0]} : a, b2 = b.length == 1 ? new long[] {b[0], 1} : b;
        long[] batchA = Arrays.copyOf(a2, a2.length - 2), batchB = Arrays.copyOf(b2, b2.length - 2);
        int r = Math.max(batchA.length, batchB.length);
        LongStream.Builder o = LongStream.builder();
        for (int j = r; j >= 1; j--) {
            long da = j <= batchA.length ? batchA[batchA.length - j] : 1, db = j <= batchB.length ? batchB[batchB.length - j] : 1;
            o.add(Math.max(da, db));
        }
        if (a.length > 1) {
            o.add(a2[a2.length - 2]);
        }
        if (b.length > 1) {
            o.add(b2[b2.length - 1]);
        }
        set(0, o.build().toArray(), type(0));
    }

    private void concat() {
        long[] o = in(0).clone();
        int axis = axis(Protos.attrInt(n, "axis", 0), o.length);
        LongStream.Builder folded = LongStream.builder();
        boolean fold = true;
        for (int i = 0; i < n.getInputCount(); i++) {
            if (i > 0) {
                o[axis] += in(i)[axis];
            }
            long[] v = s.ints(n.getInput(i));
            if (v == null) {
                fold = false;
            } else {
                Arrays.stream(v).forEach(folded::add);
            }
        }
        set(0, o, type(0));
        if (fold && o.length == 1) {
            s.putInts(out(0), folded.build().toArray());
        }
    }

    private void shapeOf() {
        long[] x = in(0);
        int start = axisClamp(Protos.attrInt(n, "start", 0), x.length);
        int end = axisClamp(Protos.attrInt(n, "end", x.length), x.length);
        long[] v = Arrays.copyOfRange(x, start, Math.max(start, end));
        set(0, new long[] {v.length}, Protos.INT64);
        s.putInts(out(0), v);
    }

    private void gather() {
        long[] x = in(0), idx = in(1);
        int axis = axis(Protos.attrInt(n, "axis", 0), x.length);
        long[] o = LongStream.concat(LongStream.concat(Arrays.stream(x, 0, axis), Arrays.stream(idx)),
                Arrays.stream(x, axis + 1, x.length)).toArray();
        set(0, o, type(0));
        long[] data = s.ints(n.getInput(0)), at = s.ints(n.getInput(1));
        if (data != null && at != null && x.length == 1) {
            s.putInts(out(0), Arrays.stream(at).map(i -> data[(int) (i < 0 ? i + data.length : i)]).toArray());
        }
    }

    private void unsqueeze() {
        long[] x = in(0);
        long[] axes = n.getInputCount() > 1 ? ints(1) : Protos.attrInts(n, "axes");
        int rank = x.length + axes.length;
        boolean[] added = new boolean[rank];
        for (long a : axes) {
            added[axis(a, rank)] = true;
        }
        long[] o = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            o[i] = added[i] ? 1 : x[j++];
        }
        set(0, o, type(0));
        foldThrough();
    }

    private void squeeze() {
        long[] x = in(0);
        long[] axes = n.getInputCount() > 1 ? ints(1) : Protos.attrInts(n, "axes");
        boolean[] drop = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            drop[i] = axes == null && x[i] == 1;
        }
        if (axes != null) {
            for (long a : axes) {
                drop[axis(a, x.length)] = true;
            }
        }
        set(0, java.util.stream.IntStream.range(0, x.length).filter(i -> !drop[i]).mapToLong(i -> x[i]).toArray(), type(0));
        foldThrough();
    }

    private void transpose() {
        long[] x = in(0);
        long[] perm = Protos.attrInts(n, "perm");
        long[] o = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            o[i] = x[(int) (perm == null ? x.length - 1 - i : perm[i])];
        }
        set(0, o, type(0));
    }

    /** Reshaping ops keep the folded integers unchanged. */
    private void foldThrough() {
        long[] v = s.ints(n.getInput(0));
        if (v != null) {
            s.putInts(out(0), v);
        }
    }

    private long[] in(int i) {
        long[] x = s.shape(n.getInput(i));
        if (x == null) {
            throw new IllegalStateException("unknown input shape");
        }
        return x;
    }

    private long[] ints(int i) {
        long[] v = s.ints(n.getInput(i));
        if (v == null) {
            throw new IllegalStateException("input is not a known constant");
        }
        return v;
    }

    private int type(int i) {
        return s.elemType(n.getInput(i));
    }

    private String out(int i) {
        return n.getOutput(i);
    }

    private void set(int i, long[] shape, int type) {
        if (i < n.getOutputCount() && !n.getOutput(i).isEmpty()) {
            s.put(n.getOutput(i), shape.clone(), type);
        }
    }

    private static long[] orOnes(long[] v, int k) {
        if (v != null) {
            return v;
        }
        long[] ones = new long[k];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static long prod(long[] x, int from, int to) {
        return Shapes.count(Arrays.copyOfRange(x, from, to));
    }

    private static int axis(long a, int rank) {
        return (int) (a < 0 ? a + rank : a);
    }

    private static int axisClamp(long a, int rank) {
        return (int) Math.max(0, Math.min(rank, a < 0 ? a + rank : a));
    }
}
