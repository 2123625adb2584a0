package org.coinfer.backend.tensorflow.internal;

import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.program.Op;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/**
 * Ops that move elements along axes. Those that name axes run in whatever layout their input
 * already has, with the axes mapped; Transpose composes its permutation with the layout's.
 */
final class ShapeOps {
    private final Lowering l;
    private final Ops tf;

    ShapeOps(Lowering l) {
        this.l = l;
        this.tf = l.tf;
    }

    /** NHWC when any 4-D input already is, so a concatenation of feature maps stays NHWC. */
    void concat(Op op) {
        int rank = l.shape(op.outputs().get(0)).length;
        boolean nhwc = false;
        for (int i = 0; i < op.inputs().size(); i++) {
            nhwc |= rank == 4 && l.isNhwc(op, i);
        }
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (int i = 0; i < op.inputs().size(); i++) {
            parts.add(l.layout(op, i, nhwc));
        }
        // TensorFlow's ConcatV2 takes two values at least; PyTorch exports one-input concatenations.
        l.put(op, parts.size() == 1 ? parts.get(0)
                : tf.concat(parts, l.axisOperand(Lowering.axis(op.i("axis", 0), rank, nhwc))), nhwc);
    }

    /** The parts' sizes are their inferred shapes along the axis, however the model gave them. */
    void split(Op op) {
        int rank = l.shape(op, 0).length;
        long axis = op.i("axis", 0);
        int onnxAxis = Lowering.axis(axis, rank, false);
        boolean nhwc = l.isNhwc(op, 0);
        long[] sizes = new long[op.outputs().size()];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = l.shape(op.outputs().get(k))[onnxAxis];
        }
        var parts = tf.splitV(l.layout(op, 0, nhwc), l.longs(new long[] {sizes.length}, sizes),
                l.axisOperand(Lowering.axis(axis, rank, nhwc)), (long) sizes.length);
        for (int k = 0; k < sizes.length; k++) {
            l.put(op, k, parts.output().get(k), nhwc);
        }
    }

    /** Starts, ends, axes and steps are inputs since opset 10 and attributes before. */
    void slice(Op op) {
        long[] shape = l.shape(op, 0);
        int rank = shape.length;
        long[] starts = op.has("starts") ? op.ints("starts") : Lowering.longs(l.constant(op, 1, "starts"));
        long[] ends = op.has("ends") ? op.ints("ends") : Lowering.longs(l.constant(op, 2, "ends"));
        long[] axes = op.has("axes") ? op.ints("axes")
                : op.hasInput(3) ? Lowering.longs(l.constant(op, 3, "axes")) : null;
        long[] steps = op.hasInput(4) ? Lowering.longs(l.constant(op, 4, "steps")) : null;
        boolean nhwc = l.isNhwc(op, 0);
        long[] begin = new long[rank];
        long[] end = new long[rank];
        long[] stride = new long[rank];
        long endMask = 0;
        for (int a = 0; a < rank; a++) {
            end[a] = shape[a];
            stride[a] = 1;
        }
        for (int k = 0; k < starts.length; k++) {
            int onnx = Lowering.axis(axes == null ? k : axes[k], rank, false);
            int a = Lowering.axis(onnx, rank, nhwc);
            long dim = shape[onnx];
            long step = steps == null ? 1 : steps[k];
            if (step == 0) {
                throw l.refuse(op, "a zero step");
            }
            long s = starts[k] < 0 ? starts[k] + dim : starts[k];
            long e = ends[k] < 0 ? ends[k] + dim : ends[k];
            // ONNX clamps: [0, dim] going forward, [-1, dim - 1] going backward, where -1 means past index 0.
            begin[a] = step > 0 ? clamp(s, 0, dim) : clamp(s, 0, dim - 1);
            end[a] = step > 0 ? clamp(e, 0, dim) : clamp(e, -1, dim - 1);
            stride[a] = step;
            if (step < 0 && end[a] == -1) {
                endMask |= 1L << a;
            }
        }
        long[] r = {rank};
        l.put(op, tf.stridedSlice(l.layout(op, 0, nhwc), l.longs(r, begin), l.longs(r, end), l.longs(r, stride),
                StridedSlice.endMask(endMask)), nhwc);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Constant (zeros or a value) and reflect padding; pads and value are inputs since opset 11. */
    void pad(Op op) {
        long[] shape = l.shape(op, 0);
        int rank = shape.length;
        String mode = op.s("mode", "constant");
        long[] pads;
        Operand<TFloat32> value;
        long[] axes = null;
        if (l.program.opset() < 11) {
            pads = op.has("pads") ? op.ints("pads") : op.ints("paddings");
            value = l.scalar(op.f("value", 0f));
        } else {
            pads = Lowering.longs(l.constant(op, 1, "pads"));
            value = op.hasInput(2) ? l.reshape(l.layout(op, 2, false), new long[0]) : l.scalar(0f);
            axes = op.hasInput(3) ? Lowering.longs(l.constant(op, 3, "axes")) : null;
        }
        int n = axes == null ? rank : axes.length;
        boolean nhwc = l.isNhwc(op, 0);
        long[] spec = new long[2 * rank];
        for (int k = 0; k < n; k++) {
            if (pads[k] < 0 || pads[k + n] < 0) {
                throw l.refuse(op, "negative pads");
            }
            int a = Lowering.axis(Lowering.axis(axes == null ? k : axes[k], rank, false), rank, nhwc);
            spec[2 * a] = pads[k];
            spec[2 * a + 1] = pads[k + n];
        }
        Operand<TFloat32> x = l.layout(op, 0, nhwc);
        var paddings = l.longs(new long[] {rank, 2}, spec);
        Operand<TFloat32> y = switch (mode) {
            case "constant" -> tf.pad(x, paddings, value);
            case "reflect" -> tf.mirrorPad(x, paddings, "REFLECT");
            default -> throw l.refuse(op, "mode '" + mode + "'");
        };
        l.put(op, y, nhwc);
    }

    /** ONNX's permutation applied to the input's layout: output axis i is NCHW axis perm[i]. */
    void transpose(Op op) {
        int rank = l.shape(op, 0).length;
        long[] perm = op.ints("perm");
        boolean nhwc = l.isNhwc(op, 0);
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = Lowering.axis(perm == null ? rank - 1 - i : perm[i], rank, nhwc);
        }
        l.put(op, tf.linalg.transpose(l.layout(op, 0, nhwc), l.ints(p)), false);
    }

    /**
     * Since opset 13 Softmax normalises along one axis (default the last); before, it flattened
     * the input to 2-D at the axis (default 1) and normalised the rows.
     */
    void softmax(Op op) {
        long[] shape = l.shape(op, 0);
        int rank = shape.length;
        if (l.program.opset() < 13) {
            int axis = Lowering.axis(op.i("axis", 1), rank, false);
            long rows = 1;
            for (int a = 0; a < axis; a++) {
                rows *= shape[a];
            }
            Operand<TFloat32> flat = l.reshape(l.nchw(op, 0), new long[] {rows, Tensor.elementCount(shape) / rows});
            l.put(op, l.reshape(tf.nn.softmax(flat), shape), false);
            return;
        }
        boolean nhwc = l.isNhwc(op, 0);
        int axis = Lowering.axis(op.i("axis", -1), rank, nhwc);
        Operand<TFloat32> x = l.layout(op, 0, nhwc);
        if (axis == rank - 1) {
            l.put(op, tf.nn.softmax(x), nhwc);
            return;
        }
        // TensorFlow normalises the last axis only: swap the axis there and back.
        int[] swap = new int[rank];
        for (int i = 0; i < rank; i++) {
            swap[i] = i == axis ? rank - 1 : i == rank - 1 ? axis : i;
        }
        l.put(op, tf.linalg.transpose(tf.nn.softmax(tf.linalg.transpose(x, l.ints(swap))), l.ints(swap)), nhwc);
    }

    /** Gather with constant indices (negative ones counted from the end), in ONNX's element order. */
    void gather(Op op) {
        long[] shape = l.shape(op, 0);
        int axis = Lowering.axis(op.i("axis", 0), shape.length, false);
        Tensor idx = l.constant(op, 1, "indices");
        long[] v = Lowering.longs(idx);
        for (int k = 0; k < v.length; k++) {
            v[k] = v[k] < 0 ? v[k] + shape[axis] : v[k];
        }
        l.put(op, tf.gather(l.nchw(op, 0), l.longs(idx.shape(), v), l.axisOperand(axis)), false);
    }

    /**
     * Mean or sum over axes (an attribute, an input since opset 18; none means all). With kept
     * dimensions the input's layout stays; without, the result is in ONNX's order.
     */
    void reduce(Op op) {
        int rank = l.shape(op, 0).length;
        long[] axes = op.has("axes") ? op.ints("axes") : op.hasInput(1) ? Lowering.longs(l.constant(op, 1, "axes")) : null;
        if ((axes == null || axes.length == 0) && op.i("noop_with_empty_axes", 0) != 0) {
            l.put(op, l.layout(op, 0, l.isNhwc(op, 0)), l.isNhwc(op, 0));
            return;
        }
        boolean keep = op.i("keepdims", 1) != 0;
        boolean nhwc = keep && l.isNhwc(op, 0);
        int n = axes == null || axes.length == 0 ? rank : axes.length;
        int[] a = new int[n];
        for (int k = 0; k < n; k++) {
            a[k] = Lowering.axis(axes == null || axes.length == 0 ? k : axes[k], rank, nhwc);
        }
        Operand<TFloat32> x = l.layout(op, 0, nhwc);
        Operand<TFloat32> y = op.opType().equals("ReduceMean")
                ? tf.math.mean(x, l.ints(a), org.tensorflow.op.math.Mean.keepDims(keep))
                : tf.sum(x, l.ints(a), org.tensorflow.op.core.Sum.keepDims(keep));
        l.put(op, y, nhwc);
    }
}
