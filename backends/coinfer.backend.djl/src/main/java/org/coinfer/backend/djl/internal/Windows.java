package org.coinfer.backend.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.coinfer.backend.djl.internal.Lowering.Compiled;
import org.coinfer.onnx.program.Op;

/**
 * Conv, MaxPool and AveragePool. ONNX pads each spatial axis at its begin and end separately,
 * PyTorch symmetrically: equal pads go to PyTorch, others are applied explicitly first. Pooling
 * whose output PyTorch would size differently from ONNX (ceil_mode corner cases) is run on the
 * explicitly padded input and cut to ONNX's output shape, which the lowering knows.
 */
final class Windows {
    private Windows() {
    }

    /** What a window operator reads from its attributes and shapes. */
    private record Geometry(long[] in, long[] out, long[] kernel, long[] strides, long[] dilations, long[] pads) {
        int rank() {
            return kernel.length;
        }

        boolean symmetric() {
            for (int i = 0; i < rank(); i++) {
                if (pads[i] != pads[i + rank()]) {
                    return false;
                }
            }
            return true;
        }

        Shape begin() {
            return new Shape(Arrays.copyOf(pads, rank()));
        }

        /** The output length PyTorch gives spatial axis i for symmetric padding {@code p}. */
        long torchOut(int i, long p, boolean ceil) {
            long span = in[i + 2] + 2 * p - dilations[i] * (kernel[i] - 1) - 1;
            long o = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i])) + 1;
            // PyTorch drops a last window that would start in the end padding.
            return ceil && (o - 1) * strides[i] >= in[i + 2] + p ? o - 1 : o;
        }

        /** Whether PyTorch's own padding reproduces ONNX's output exactly. */
        boolean torchPadding(boolean ceil) {
            if (!symmetric()) {
                return false;
            }
            for (int i = 0; i < rank(); i++) {
                if (pads[i] * 2 > kernel[i] || torchOut(i, pads[i], ceil) != out[i + 2]) {
                    return false;
                }
            }
            return true;
        }
    }

    static Compiled compile(Op op, Lowering l) {
        long[] in = l.shape(op.inputs().get(0));
        long[] out = l.shape(op.outputs().get(0));
        int n = in.length - 2;
        long[] kernel = op.opType().equals("Conv")
                ? Arrays.copyOfRange(l.shape(op.inputs().get(1)), 2, in.length) : op.ints("kernel_shape");
        long[] strides = orOnes(op.ints("strides"), n);
        long[] dilations = orOnes(op.ints("dilations"), n);
        Geometry g = new Geometry(in, out, kernel, strides, dilations, pads(op, l, in, out, kernel, strides, dilations));
        if (op.outputs().size() > 1 && !op.outputs().get(1).isEmpty()) {
            throw l.unsupported(op, "an Indices output");
        }
        if (!op.opType().equals("Conv") && Arrays.stream(dilations).anyMatch(d -> d != 1)) {
            throw l.unsupported(op, "dilations " + Arrays.toString(dilations));
        }
        return switch (op.opType()) {
            case "Conv" -> conv(op, g);
            case "MaxPool" -> maxPool(op, g);
            default -> avgPool(op, l, g);
        };
    }

    private static Compiled conv(Op op, Geometry g) {
        int group = Math.toIntExact(op.i("group", 1));
        Shape stride = new Shape(g.strides());
        Shape dilation = new Shape(g.dilations());
        Shape torchPad = g.symmetric() ? g.begin() : new Shape(new long[g.rank()]);
        Shape explicit = g.symmetric() ? null : torchPads(g.pads());
        return new Compiled(in -> {
            NDArray x = explicit == null ? in[0] : in[0].pad(explicit, 0);
            return new NDArray[] {x.getNDArrayInternal().convolution(x, in[1], in[2], stride, torchPad, dilation, group).get(0)};
        }, 0, 1, 2);
    }

    private static Compiled maxPool(Op op, Geometry g) {
        boolean ceil = op.i("ceil_mode", 0) != 0;
        Shape kernel = new Shape(g.kernel());
        Shape stride = new Shape(g.strides());
        if (g.torchPadding(ceil)) {
            Shape pad = g.begin();
            return unary(x -> x.getNDArrayInternal().maxPool(kernel, stride, pad, ceil));
        }
        // Pad with -inf just far enough for ONNX's last window, then pool without PyTorch's padding.
        long[] pads = g.pads().clone();
        for (int i = 0; i < g.rank(); i++) {
            pads[i + g.rank()] = Math.max(0, (g.out()[i + 2] - 1) * g.strides()[i] + g.kernel()[i] - g.in()[i + 2] - pads[i]);
        }
        Shape explicit = torchPads(pads);
        Shape none = new Shape(new long[g.rank()]);
        NDIndex cut = cut(g.out());
        return unary(x -> x.pad(explicit, Double.NEGATIVE_INFINITY).getNDArrayInternal()
                .maxPool(kernel, stride, none, false).get(cut));
    }

    private static Compiled avgPool(Op op, Lowering l, Geometry g) {
        boolean ceil = op.i("ceil_mode", 0) != 0;
        boolean includePad = op.i("count_include_pad", 0) != 0;
        Shape kernel = new Shape(g.kernel());
        Shape stride = new Shape(g.strides());
        UnaryOperator<NDArray> pool;
        if (g.torchPadding(ceil)) {
            Shape pad = g.begin();
            pool = x -> x.getNDArrayInternal().avgPool(kernel, stride, pad, ceil, true);
        } else {
            // Zero-pad as ONNX says and average over the padded input, where PyTorch clips
            // windows to the padded bounds as ONNX does.
            Shape explicit = torchPads(g.pads());
            Shape none = new Shape(new long[g.rank()]);
            NDIndex cut = cut(g.out());
            pool = x -> x.pad(explicit, 0).getNDArrayInternal().avgPool(kernel, stride, none, true, true).get(cut);
        }
        if (includePad || Arrays.stream(g.pads()).allMatch(p -> p == 0)) {
            return unary(pool);
        }
        // Without count_include_pad, divide by the share of each window that covers the input,
        // pooled once from a mask of ones (PyTorch's own count_include_pad=false is not used:
        // through DJL it disagrees with ONNX Runtime).
        long[] maskShape = g.in().clone();
        maskShape[0] = 1;
        maskShape[1] = 1;
        NDArray coverage = pool.apply(l.manager.ones(new Shape(maskShape)));
        UnaryOperator<NDArray> averaged = pool;
        return unary(x -> averaged.apply(x).div(coverage));
    }

    private static Compiled unary(UnaryOperator<NDArray> f) {
        return new Compiled(in -> new NDArray[] {f.apply(in[0])}, 0);
    }

    /** Selects ONNX's output windows from PyTorch's, which may have one more per axis. */
    private static NDIndex cut(long[] out) {
        StringBuilder b = new StringBuilder(":, :");
        for (int i = 2; i < out.length; i++) {
            b.append(", 0:").append(out[i]);
        }
        return new NDIndex(b.toString());
    }

    /** ONNX pads (all begins, then all ends) in PyTorch's order: last axis first, begin then end. */
    static Shape torchPads(long[] pads) {
        int n = pads.length / 2;
        long[] t = new long[pads.length];
        for (int i = 0; i < n; i++) {
            t[2 * i] = pads[n - 1 - i];
            t[2 * i + 1] = pads[2 * n - 1 - i];
        }
        return new Shape(t);
    }

    /** Begin and end pads per spatial axis, from pads or auto_pad. */
    private static long[] pads(Op op, Lowering l, long[] in, long[] out, long[] kernel, long[] strides, long[] dilations) {
        int n = kernel.length;
        String auto = op.s("auto_pad", "NOTSET");
        long[] pads = new long[2 * n];
        switch (auto) {
            case "NOTSET" -> {
                long[] p = op.ints("pads");
                if (p != null) {
                    pads = p;
                }
            }
            case "VALID" -> { }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < n; i++) {
                    long total = Math.max(0, (out[i + 2] - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i + 2]);
                    long small = total / 2;
                    pads[i] = auto.equals("SAME_UPPER") ? small : total - small;
                    pads[i + n] = total - pads[i];
                }
            }
            default -> throw l.unsupported(op, "auto_pad " + auto);
        }
        return pads;
    }

    private static long[] orOnes(long[] v, int n) {
        if (v != null) {
            return v;
        }
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        return ones;
    }
}
