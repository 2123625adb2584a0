package org.coinfer.train;

import java.util.List;

/** Every exit's logits for a run of images: {@code logits[exit][image * classes + class]}. */
public final class ExitLogits {
    private final float[][] logits;
    private final int classes;

    public ExitLogits(float[][] logits, int classes) {
        this.logits = logits;
        this.classes = classes;
    }

    public int exits() {
        return logits.length;
    }

    public int images() {
        return logits[0].length / classes;
    }

    public int predicted(int exit, int image) {
        float[] l = logits[exit];
        int base = image * classes;
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (l[base + k] > l[base + best]) {
                best = k;
            }
        }
        return best;
    }

    /** Correct predictions of one exit. */
    public int correct(int exit, FashionMnist data) {
        int ok = 0;
        for (int i = 0; i < images(); i++) {
            if (predicted(exit, i) == data.label(i)) {
                ok++;
            }
        }
        return ok;
    }

    /** Top-1 accuracy of each exit. */
    public double[] accuracy(FashionMnist data) {
        double[] a = new double[exits()];
        for (int e = 0; e < a.length; e++) {
            a[e] = (double) correct(e, data) / images();
        }
        return a;
    }

    /** Largest absolute logit difference over the first {@code images} images, all exits. */
    public double maxAbsDiff(ExitLogits other, int images) {
        double max = 0;
        for (int e = 0; e < exits(); e++) {
            int n = images * classes;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(logits[e][i] - other.logits[e][i]));
            }
        }
        return max;
    }

    static String format(List<String> names, double[] acc) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < acc.length; i++) {
            sb.append(i == 0 ? "" : " ").append(names.get(i)).append('=').append(String.format("%.4f", acc[i]));
        }
        return sb.toString();
    }
}
