package org.coinfer.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** Runs an exported multi-exit model with ONNX Runtime, to check it against DJL. */
final class OrtRunner {
    private static final int BATCH = 500;

    private OrtRunner() {
    }

    static ExitLogits predict(byte[] onnx, String input, List<String> exits, FashionMnist data, int limit) throws OrtException {
        int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
        float[][] logits = new float[exits.size()][n * 10];
        int[] order = data.identity();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx, options)) {
            for (int from = 0; from < n; from += BATCH) {
                int to = Math.min(n, from + BATCH);
                FloatBuffer px = FloatBuffer.wrap(data.images(order, from, to));
                try (OnnxTensor x = OnnxTensor.createTensor(env, px, new long[] {to - from, 1, FashionMnist.SIDE, FashionMnist.SIDE});
                        OrtSession.Result r = session.run(Map.of(input, x))) {
                    for (int e = 0; e < exits.size(); e++) {
                        OnnxValue v = r.get(exits.get(e)).orElseThrow(() -> new IllegalStateException("no output"));
                        FloatBuffer out = ((OnnxTensor) v).getFloatBuffer();
                        out.get(logits[e], from * 10, out.remaining());
                    }
                }
            }
        }
        return new ExitLogits(logits, 10);
    }
}
