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
            case "Add", "Sub", "Mul", "Div" -> {
                broadcast(type(0));
                foldArithmetic();
            }
            case "Pow", "Max", "Min", "Sum", "Mean" -> broadcast(type(0));
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
            case "Slice" -> slice();
            case "Pad" -> pad();
            case "Split" -> split();
            case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                    "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare" -> reduce();
            case "ArgMax", "ArgMin" -> argReduce();
            default -> { }
        }
    }

    private void unary() {
        set(0, in(0), type(0));
        if (n.getOpType().equals("Dropout") && n.getOutputCount() > 1) {
            set(1, in(0), 9);
        }
        if (n.getOpType().equals("BatchNormalization")) { // training mode's running mean and variance, per channel
            for (int i = 1; i < n.getOutputCount(); i++) {
                set(i, new long[] {in(0)[1]}, type(0));
            }
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
                    long begin = pads == null ? 0 : pads[i];
                    long padded = size + begin + (pads == null ? 0 : pads[i + k]) - extent;
                    long out = (ceil ? Math.floorDiv(padded + strides[i] - 1, strides[i]) : Math.floorDiv(padded, strides[i])) + 1;
                    // With ceil_mode a last window that would start in the end padding is dropped (as ONNX Runtime and PyTorch do).
                    yield ceil && (out - 1) * strides[i] >= size + begin ? out - 1 : out;
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

    /**
     * Integer arithmetic on folded values, elementwise with scalar broadcasting: PyTorch computes
     * sizes such as {@code x.size(1) // 2} (channel shuffle, chunk) with Add, Sub, Mul and Div
     * before Reshape and Slice. Division truncates, as ONNX integer Div does.
     */
    private void foldArithmetic() {
        int t = type(0);
        long[] a = s.ints(n.getInput(0)), b = s.ints(n.getInput(1));
        if ((t != Protos.INT64 && t != Protos.INT32) || a == null || b == null
                || (a.length != b.length && a.length != 1 && b.length != 1)) {
            return;
        }
        long[] o = new long[Math.max(a.length, b.length)];
        for (int i = 0; i < o.length; i++) {
            long x = a[a.length == 1 ? 0 : i], y = b[b.length == 1 ? 0 : i];
            o[i] = switch (n.getOpType()) {
                case "Add" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                default -> {
                    if (y == 0) {
                        throw new IllegalStateException("integer division by zero");
                    }
                    yield x / y;
                }
            };
        }
        s.putInts(out(0), o);
    }

    /** Slice with starts, ends, axes and steps as inputs (opset 10+) or attributes (before). */
    private void slice() {
        long[] x = in(0);
        boolean inputs = n.getInputCount() > 1;
        long[] starts = inputs ? ints(1) : Protos.attrInts(n, "starts");
        long[] ends = inputs ? ints(2) : Protos.attrInts(n, "ends");
        long[] axes = inputs ? optionalInts(3) : Protos.attrInts(n, "axes");
        long[] steps = inputs ? optionalInts(4) : null;
        long[] o = x.clone(), first = new long[x.length], step = orOnes(null, x.length);
        for (int i = 0; i < starts.length; i++) {
            int a = axis(axes == null ? i : axes[i], x.length);
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw new IllegalStateException("slice step 0");
            }
            long b = sliceBound(starts[i], x[a], st), e = sliceBound(ends[i], x[a], st);
            o[a] = Math.max(0, st > 0 ? ceilDiv(e - b, st) : ceilDiv(b - e, -st));
            first[a] = b;
            step[a] = st;
        }
        set(0, o, type(0));
        long[] data = s.ints(n.getInput(0));
        if (data != null && x.length == 1) {
            s.putInts(out(0), LongStream.range(0, o[0]).map(k -> data[(int) (first[0] + k * step[0])]).toArray());
        }
    }

    /** A start or end index made non-negative and clamped as Slice does for the step's direction. */
    private static long sliceBound(long index, long dim, long step) {
        long i = index < 0 ? index + dim : index;
        return step > 0 ? Math.max(0, Math.min(dim, i)) : Math.max(-1, Math.min(dim - 1, i));
    }

    /** Pad with pads as an input (opset 11+, optional axes from 18) or an attribute (before). */
    private void pad() {
        long[] x = in(0);
        long[] pads = n.getInputCount() > 1 ? ints(1) : Protos.attrInts(n, "pads");
        long[] axes = optionalInts(3);
        int k = axes == null ? x.length : axes.length;
        long[] o = x.clone();
        for (int i = 0; i < k; i++) {
            o[axes == null ? i : axis(axes[i], x.length)] += pads[i] + pads[i + k];
        }
        set(0, o, type(0));
    }

    /** Split by given sizes (input from opset 13, attribute before) or into equal parts. */
    private void split() {
        long[] x = in(0);
        int a = axis(Protos.attrInt(n, "axis", 0), x.length);
        long[] sizes = n.getInputCount() > 1 ? optionalInts(1) : Protos.attrInts(n, "split");
        int parts = n.getOutputCount();
        long each = ceilDiv(x[a], parts);
        for (int i = 0; i < parts; i++) {
            long[] o = x.clone();
            o[a] = sizes != null ? sizes[i] : i < parts - 1 ? each : x[a] - each * (parts - 1);
            set(i, o, type(0));
        }
    }

    /** Reduce*: axes as an attribute or (ReduceSum from opset 13, all from 18) an input; none means all. */
    private void reduce() {
        long[] x = in(0);
        long[] axes = n.getInputCount() > 1 ? optionalInts(1) : Protos.attrInts(n, "axes");
        boolean none = axes == null || axes.length == 0;
        if (none && Protos.attrInt(n, "noop_with_empty_axes", 0) != 0) {
            set(0, x, type(0));
            return;
        }
        boolean[] reduced = new boolean[x.length];
        Arrays.fill(reduced, none);
        if (!none) {
            for (long v : axes) {
                reduced[axis(v, x.length)] = true;
            }
        }
        set(0, kept(x, reduced, Protos.attrInt(n, "keepdims", 1) != 0), type(0));
    }

    private void argReduce() {
        long[] x = in(0);
        boolean[] reduced = new boolean[x.length];
        reduced[axis(Protos.attrInt(n, "axis", 0), x.length)] = true;
        set(0, kept(x, reduced, Protos.attrInt(n, "keepdims", 1) != 0), Protos.INT64);
    }

    /** x's shape with the reduced dimensions set to 1 or dropped. */
    private static long[] kept(long[] x, boolean[] reduced, boolean keepDims) {
        LongStream.Builder o = LongStream.builder();
        for (int i = 0; i < x.length; i++) {
            if (!reduced[i]) {
                o.add(x[i]);
            } else if (keepDims) {
                o.add(1);
            }
        }
        return o.build().toArray();
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

    /** The folded integers of an optional input, or null when it is absent (omitted or empty name). */
    private long[] optionalInts(int i) {
        return i < n.getInputCount() && !n.getInput(i).isEmpty() ? ints(i) : null;
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

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
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
