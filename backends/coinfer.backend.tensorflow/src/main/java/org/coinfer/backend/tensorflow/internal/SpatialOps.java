package org.coinfer.backend.tensorflow.internal;

import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.program.Op;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.op.nn.LocalResponseNormalization;
import org.tensorflow.types.TFloat32;

/** Convolution, pooling and normalisation over 4-D images, run NHWC. */
final class SpatialOps {
    private final Lowering l;
    private final Ops tf;

    SpatialOps(Lowering l) {
        this.l = l;
        this.tf = l.tf;
    }

    /** Padding of H and W: begin, end, and the extra end rows a ceil_mode output needs. */
    private record Pads(long[] begin, long[] end, long[] extra) {
        boolean none() {
            return begin[0] + begin[1] + end[0] + end[1] + extra[0] + extra[1] == 0;
        }
    }

    /** The window geometry shared by Conv and the pools. */
    private record Window(long[] kernel, long[] strides, long[] dilations, Pads pads) {
        List<Long> strides4() {
            return List.of(1L, strides[0], strides[1], 1L);
        }
    }

    private Window window(Op op, long[] kernel) {
        long[] x = l.shape(op, 0);
        if (x.length != 4) {
            throw l.refuse(op, "a " + (x.length - 2) + "-D input (only 2-D windows are lowered)");
        }
        long[] out = l.shape(op.outputs().get(0));
        long[] s = pair(op.ints("strides"));
        long[] d = pair(op.ints("dilations"));
        String auto = op.s("auto_pad", "NOTSET");
        long[] given = op.ints("pads");
        long[] begin = new long[2];
        long[] end = new long[2];
        long[] extra = new long[2];
        for (int a = 0; a < 2; a++) {
            long in = x[2 + a];
            long k = (kernel[a] - 1) * d[a] + 1;
            long o = out[2 + a];
            if (auto.startsWith("SAME")) {
                long total = Math.max((o - 1) * s[a] + k - in, 0);
                begin[a] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                end[a] = total - begin[a];
            } else if (auto.equals("NOTSET") && given != null) {
                begin[a] = given[a];
                end[a] = given[a + 2];
            }
            // ceil_mode: the output shape counts a last window that overhangs the padded input.
            extra[a] = Math.max((o - 1) * s[a] + k - (in + begin[a] + end[a]), 0);
        }
        return new Window(kernel, s, d, new Pads(begin, end, extra));
    }

    private static long[] pair(long[] v) {
        return v == null ? new long[] {1, 1} : v;
    }

    private Operand<TFloat32> padded(Operand<TFloat32> nhwc, Pads p, float value) {
        if (p.none()) {
            return nhwc;
        }
        long[] spec = {0, 0, p.begin()[0], p.end()[0] + p.extra()[0], p.begin()[1], p.end()[1] + p.extra()[1], 0, 0};
        return tf.pad(nhwc, l.longs(new long[] {4, 2}, spec), l.scalar(value));
    }

    void conv(Op op) {
        Tensor w = l.constant(op, 1, "weights");
        long[] ws = w.shape();
        if (ws.length != 4) {
            throw l.refuse(op, "a " + (ws.length - 2) + "-D kernel (only 2-D convolutions are lowered)");
        }
        Window win = window(op, new long[] {ws[2], ws[3]});
        long group = op.i("group", 1);
        long cin = l.shape(op, 0)[1];
        float[] wv = w.toFloats();
        Operand<TFloat32> x = padded(l.nhwc(op, 0), win.pads(), 0f);
        List<Long> dil = List.of(1L, win.dilations()[0], win.dilations()[1], 1L);
        Operand<TFloat32> y;
        if (group == 1) {
            y = tf.nn.conv2d(x, hwio(wv, ws, 0, ws[0]), win.strides4(), "VALID", Conv2d.dilations(dil));
        } else if (group == cin && ws[1] == 1) {
            y = tf.nn.depthwiseConv2dNative(x, depthwise(wv, ws, cin), win.strides4(), "VALID",
                    DepthwiseConv2dNative.dilations(dil));
        } else {
            // TensorFlow's CPU Conv2D has no groups: one convolution per group, concatenated.
            long per = ws[0] / group;
            var parts = tf.split(l.axisOperand(3), x, group);
            List<Operand<TFloat32>> ys = new ArrayList<>();
            for (int g = 0; g < group; g++) {
                ys.add(tf.nn.conv2d(parts.output().get(g), hwio(wv, ws, g * per, per), win.strides4(), "VALID",
                        Conv2d.dilations(dil)));
            }
            y = tf.concat(ys, l.axisOperand(3));
        }
        if (op.hasInput(2)) {
            y = tf.nn.biasAdd(y, l.layout(op, 2, false));
        }
        l.put(op, y, true);
    }

    /** ONNX weights {@code [M, C/g, kh, kw]}, output channels {@code from..from+count}, as TensorFlow's {@code [kh, kw, C/g, count]}. */
    private Operand<TFloat32> hwio(float[] w, long[] ws, long from, long count) {
        return l.floats(new long[] {ws[2], ws[3], ws[1], count}, hwioValues(w, ws, from, count));
    }

    /**
     * Depthwise weights {@code [C*m, 1, kh, kw]} as TensorFlow's {@code [kh, kw, C, m]}: output
     * channel {@code c*m + k} is multiplier k of channel c, so the HWIO order of all M outputs is
     * already the right element order.
     */
    private Operand<TFloat32> depthwise(float[] w, long[] ws, long cin) {
        return l.floats(new long[] {ws[2], ws[3], cin, ws[0] / cin}, hwioValues(w, ws, 0, ws[0]));
    }

    private static float[] hwioValues(float[] w, long[] ws, long from, long count) {
        int c = (int) ws[1];
        int kh = (int) ws[2];
        int kw = (int) ws[3];
        int n = (int) count;
        float[] out = new float[kh * kw * c * n];
        for (int o = 0; o < n; o++) {
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        out[((i * kw + j) * c + ci) * n + o] = w[(int) ((((from + o) * c + ci) * kh + i) * kw + j)];
                    }
                }
            }
        }
        return out;
    }

    void maxPool(Op op) {
        if (op.outputs().size() > 1 && !op.outputs().get(1).isEmpty()) {
            throw l.refuse(op, "its Indices output");
        }
        Window win = window(op, op.ints("kernel_shape"));
        requireNoDilation(op, win);
        Operand<TFloat32> x = padded(l.nhwc(op, 0), win.pads(), Float.NEGATIVE_INFINITY);
        long[] k = win.kernel();
        long[] s = win.strides();
        l.put(op, tf.nn.maxPool(x, l.ints(1, (int) k[0], (int) k[1], 1), l.ints(1, (int) s[0], (int) s[1], 1), "VALID"), true);
    }

    private void requireNoDilation(Op op, Window win) {
        if (win.dilations()[0] != 1 || win.dilations()[1] != 1) {
            throw l.refuse(op, "dilations " + win.dilations()[0] + "x" + win.dilations()[1]);
        }
    }

    /**
     * TensorFlow's average pool divides by the whole window; ONNX divides by the window's part
     * inside the input (count_include_pad=0) or inside the padded input (1), never counting a
     * ceil_mode overhang. So a padded pool averages over zeros and rescales by a constant.
     */
    void averagePool(Op op) {
        Window win = window(op, op.ints("kernel_shape"));
        requireNoDilation(op, win);
        long[] k = win.kernel();
        List<Long> ksize = List.of(1L, k[0], k[1], 1L);
        Operand<TFloat32> x = padded(l.nhwc(op, 0), win.pads(), 0f);
        Operand<TFloat32> y = tf.nn.avgPool(x, ksize, win.strides4(), "VALID");
        if (!win.pads().none()) {
            y = tf.math.mul(y, rescale(op, win));
        }
        l.put(op, y, true);
    }

    private Operand<TFloat32> rescale(Op op, Window win) {
        long[] in = l.shape(op, 0);
        long[] out = l.shape(op.outputs().get(0));
        boolean includePad = op.i("count_include_pad", 0) != 0;
        int oh = (int) out[2];
        int ow = (int) out[3];
        float[] f = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                long n = counted(i, 0, in[2], win, includePad) * counted(j, 1, in[3], win, includePad);
                f[i * ow + j] = (float) (win.kernel()[0] * win.kernel()[1]) / n;
            }
        }
        return l.floats(new long[] {1, oh, ow, 1}, f);
    }

    /** How many rows (axis 0) or columns of output position {@code o}'s window ONNX counts. */
    private static long counted(int o, int axis, long size, Window win, boolean includePad) {
        long start = o * win.strides()[axis] - win.pads().begin()[axis];
        long end = start + win.kernel()[axis];
        long lo = includePad ? start : Math.max(start, 0);
        long hi = Math.min(end, includePad ? size + win.pads().end()[axis] : size);
        return Math.max(hi - lo, 1);
    }

    void globalAveragePool(Op op) {
        int rank = l.shape(op, 0).length;
        if (rank == 4) {
            l.put(op, tf.math.mean(l.nhwc(op, 0), l.ints(1, 2), Mean.keepDims(true)), true);
            return;
        }
        int[] axes = new int[rank - 2];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = a + 2;
        }
        l.put(op, tf.math.mean(l.nchw(op, 0), l.ints(axes), Mean.keepDims(true)), false);
    }

    /**
     * ONNX sums squares over {@code size} channels centred on each one and scales alpha by
     * 1/size; TensorFlow's window is {@code 2r+1} channels with alpha unscaled.
     */
    void lrn(Op op) {
        long size = op.i("size", 0);
        if (size % 2 == 0) {
            throw l.refuse(op, "an even size (" + size + "), whose window is not centred");
        }
        if (l.shape(op, 0).length != 4) {
            throw l.refuse(op, "a " + l.shape(op, 0).length + "-D input");
        }
        float alpha = op.f("alpha", 1e-4f);
        l.put(op, tf.nn.localResponseNormalization(l.nhwc(op, 0),
                LocalResponseNormalization.depthRadius((size - 1) / 2),
                LocalResponseNormalization.bias(op.f("bias", 1f)),
                LocalResponseNormalization.alpha(alpha / size),
                LocalResponseNormalization.beta(op.f("beta", 0.75f))), true);
    }

    /** Inference batch normalisation folded into one scale and one shift per channel. */
    void batchNormalization(Op op) {
        if (op.i("training_mode", 0) != 0 || op.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty())) {
            throw l.refuse(op, "training mode");
        }
        float[] scale = l.constant(op, 1, "scale").toFloats();
        float[] bias = l.constant(op, 2, "bias").toFloats();
        float[] mean = l.constant(op, 3, "mean").toFloats();
        float[] var = l.constant(op, 4, "variance").toFloats();
        float eps = op.f("epsilon", 1e-5f);
        int c = scale.length;
        float[] s = new float[c];
        float[] t = new float[c];
        for (int i = 0; i < c; i++) {
            s[i] = (float) (scale[i] / Math.sqrt((double) var[i] + eps));
            t[i] = bias[i] - mean[i] * s[i];
        }
        int rank = l.shape(op, 0).length;
        boolean nhwc = rank == 4 || rank == 2;
        // Channels are the last axis NHWC (and of [N, C]); otherwise axis 1 of NC...
        long[] cs = new long[nhwc ? 1 : rank - 1];
        java.util.Arrays.fill(cs, 1);
        cs[0] = c;
        Operand<TFloat32> x = rank == 4 ? l.nhwc(op, 0) : l.nchw(op, 0);
        l.put(op, tf.math.add(tf.math.mul(x, l.floats(cs, s)), l.floats(cs, t)), rank == 4);
    }
}
