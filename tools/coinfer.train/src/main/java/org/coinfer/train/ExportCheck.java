package org.coinfer.train;

import ai.onnxruntime.OrtException;
import java.util.Arrays;
import java.util.List;

/**
 * The exported ONNX model must compute what the trained DJL network computes: logits within
 * {@link #TOLERANCE} and identical per-exit accuracy on the same images. Fails loudly otherwise.
 */
public final class ExportCheck {
    public static final double TOLERANCE = 1e-4;

    /** What was compared and what was found. */
    public record Result(int images, double maxAbsDiff, double[] accuracy) {
    }

    private ExportCheck() {
    }

    public static Result verify(byte[] onnx, ExitLogits djl, List<String> exits, FashionMnist test) throws OrtException {
        int n = djl.images();
        ExitLogits ort = OrtRunner.predict(onnx, "input", exits, test, n);
        double diff = djl.maxAbsDiff(ort, n);
        double[] djlAcc = djl.accuracy(test);
        double[] ortAcc = ort.accuracy(test);
        if (!(diff <= TOLERANCE)) {
            throw new IllegalStateException(String.format("export check failed: ONNX Runtime and DJL logits differ by %.3g > %.0e on %d images",
                    diff, TOLERANCE, n));
        }
        if (!Arrays.equals(djlAcc, ortAcc)) {
            throw new IllegalStateException("export check failed: per-exit accuracy differs on " + n + " images: DJL "
                    + ExitLogits.format(exits, djlAcc) + " vs ONNX Runtime " + ExitLogits.format(exits, ortAcc));
        }
        return new Result(n, diff, ortAcc);
    }
}
