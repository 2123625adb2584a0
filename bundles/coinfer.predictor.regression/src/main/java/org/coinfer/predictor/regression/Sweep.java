package org.coinfer.predictor.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.coinfer.model.LoadedModel;
import org.coinfer.onnx.OnnxModelBuilder;

/**
 * Synthetic models that show a fit more layer shapes than the installed models have:
 * convolutions over channels (4 to 256), spatial sizes, kernels and strides, each followed by ReLU and at
 * times by pooling, LRN or batch normalization; residual additions and concatenated branches;
 * fully connected layers over input and output sizes, after flattening or global pooling. Layers
 * come in the orders real networks use, so a runtime fuses them as it would there. Seeded: every
 * host builds the same models. Each model stays small (at most {@value #MAX_FLOPS} FLOPs per
 * convolution), so even a slow device times the sweep in well under a minute.
 */
public final class Sweep {
    /** Models in the default sweep. */
    public static final int MODELS = 36;
    /** The default sweep's seed. */
    public static final long SEED = 2018;
    static final long MAX_FLOPS = 48_000_000;
    private static final int[] CHANNELS = {4, 8, 16, 32, 64, 128, 192, 256};
    private static final int[] SIZES = {8, 12, 16, 24, 28, 32};
    private static final int[] KERNELS = {1, 3, 3, 5};

    private Sweep() {
    }

    /**
     * How the sweep is timed: fewer and shorter rounds than a model's profile, since its parts
     * are many and small, and the fit averages over them.
     */
    public static org.coinfer.model.Profiler profiler() {
        return new org.coinfer.model.Profiler(2, 3, 10);
    }

    /** The default sweep. */
    public static List<LoadedModel> models() {
        return models(MODELS, SEED);
    }

    public static List<LoadedModel> models(int count, long seed) {
        Random r = new Random(seed);
        List<LoadedModel> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format(java.util.Locale.ROOT, "sweep-%02d", i);
            out.add(LoadedModel.of(id, new Net(r).build(i), "layer sweep model " + id, List.of()));
        }
        return out;
    }

    /** One random network: a stem, two or three blocks, a classifier. Tracks the current shape. */
    private static final class Net {
        private final Random r;
        private OnnxModelBuilder b;
        private int c;
        private int h;
        private int names;

        Net(Random r) {
            this.r = r;
        }

        byte[] build(int index) {
            c = new int[] {1, 3, 8}[r.nextInt(3)];
            h = SIZES[r.nextInt(SIZES.length)];
            b = OnnxModelBuilder.input("input", -1, c, h, h).graphName("sweep" + index);
            int blocks = 2 + r.nextInt(2);
            for (int k = 0; k < blocks; k++) {
                switch (k == 0 ? 0 : r.nextInt(4)) {
                    case 0, 1 -> convBlock();
                    case 2 -> {
                        if (2L * h * h * c * c * 9 <= MAX_FLOPS) {
                            residual();
                        } else {
                            convBlock();
                        }
                    }
                    default -> inception();
                }
            }
            classifier();
            return b.exit("output").build();
        }

        private void convBlock() {
            int k = KERNELS[r.nextInt(KERNELS.length)];
            int stride = k > 1 && h >= 16 && r.nextInt(3) == 0 ? 2 : 1;
            conv(pick(c, h / stride, k), k, stride);
            switch (r.nextInt(5)) {
                case 0, 1 -> {
                    if (h >= 4) {
                        pool();
                    }
                }
                case 2 -> b.lrn(5, 1e-4f, 0.75f, 2f);
                case 3 -> batchNorm();
                default -> { }
            }
        }

        /** conv-BN-ReLU, conv-BN, added to the block's input, ReLU: ResNet's basic block. */
        private void residual() {
            String in = b.current();
            int k = 3;
            conv(c, k, 1);
            batchNorm();
            b.relu();
            convOnly(c, k, 1);
            batchNorm();
            b.add(in).relu();
        }

        /** Two branches from one tensor, a 1x1 and a 3x3 convolution, concatenated. */
        private void inception() {
            String in = b.current();
            int c0 = c;
            int out1 = pick(c0, h, 1) / 2 + 1;
            conv(out1, 1, 1);
            String left = b.current();
            b.branch(in);
            c = c0;
            int out2 = Math.max(1, pick(c0, h, 3) / 2);
            conv(out2, 3, 1);
            b.concat(left);
            c = out1 + out2;
        }

        private void classifier() {
            int classes = 10;
            if (r.nextBoolean()) {
                b.globalAveragePool().flatten();
                gemm(c, classes);
                return;
            }
            if (h > 8) {
                pool();
            }
            b.flatten();
            int in = c * h * h;
            if (r.nextBoolean()) {
                gemm(in, classes);
                return;
            }
            int hidden = new int[] {64, 128, 256, 512}[r.nextInt(4)];
            gemm(in, hidden);
            b.relu().dropout();
            gemm(hidden, classes);
        }

        /** Output channels for a convolution over {@code in} channels at output size {@code size}, within the FLOP budget. */
        private int pick(int in, int size, int k) {
            int out = CHANNELS[r.nextInt(CHANNELS.length)];
            while (out > 1 && 2L * size * size * out * in * k * k > MAX_FLOPS) {
                out /= 2;
            }
            return out;
        }

        private void conv(int out, int k, int stride) {
            convOnly(out, k, stride);
            b.relu();
        }

        private void convOnly(int out, int k, int stride) {
            long[] shape = {out, c, k, k};
            b.conv(random(out * c * k * k), shape, random(out), stride, k / 2);
            c = out;
            h = (h + 2 * (k / 2) - k) / stride + 1;
        }

        private void pool() {
            boolean max = r.nextInt(3) > 0;
            int k = max && r.nextBoolean() ? 3 : 2;
            if (max) {
                b.maxPool(k, 2);
            } else {
                b.averagePool(2, 2);
                k = 2;
            }
            h = (h - k) / 2 + 1;
        }

        private void batchNorm() {
            String p = "bn" + names++;
            b.initializer(p + "_scale", new long[] {c}, positive(c)).initializer(p + "_bias", new long[] {c}, random(c))
                    .initializer(p + "_mean", new long[] {c}, random(c)).initializer(p + "_var", new long[] {c}, positive(c));
            b.node("BatchNormalization", Map.of("epsilon", 1e-5f), b.current(), p + "_scale", p + "_bias", p + "_mean", p + "_var");
        }

        private void gemm(int in, int out) {
            b.gemm(random(in * out), new long[] {out, in}, random(out));
        }

        private float[] random(int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (r.nextGaussian() * 0.1);
            }
            return v;
        }

        private float[] positive(int n) {
            float[] v = random(n);
            for (int i = 0; i < n; i++) {
                v[i] = 1 + Math.abs(v[i]);
            }
            return v;
        }
    }
}
