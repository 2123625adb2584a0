package org.coinfer.train;

import static org.junit.Assert.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.BeforeClass;
import org.junit.Test;

/** The LRN block against a direct loop over ONNX's definition, odd and even window sizes. */
public class LrnTest {
    @BeforeClass
    public static void offline() {
        Djl.offline();
    }

    @Test
    public void matchesOnnxDefinition() {
        for (int size : new int[] {1, 2, 4, 5}) {
            check(size, 1e-2f, 0.75f, 2f);
        }
    }

    private static void check(int size, float alpha, float beta, float bias) {
        int n = 2, c = 7, h = 3, w = 2;
        float[] x = new float[n * c * h * w];
        Random r = new Random(size);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 3;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = Lrn.apply(m.create(x, new Shape(n, c, h, w)), size, alpha, beta, bias);
            float[] got = y.toFloatArray();
            int lo = (size - 1) / 2;
            int hi = size - 1 - lo;
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < h * w; p++) {
                        double sq = 0;
                        for (int k = Math.max(0, ch - lo); k <= Math.min(c - 1, ch + hi); k++) {
                            double v = x[(b * c + k) * h * w + p];
                            sq += v * v;
                        }
                        int at = (b * c + ch) * h * w + p;
                        double want = x[at] / Math.pow(bias + alpha / size * sq, beta);
                        assertEquals("size " + size + " at " + at, want, got[at], 1e-5);
                    }
                }
            }
        }
    }
}
