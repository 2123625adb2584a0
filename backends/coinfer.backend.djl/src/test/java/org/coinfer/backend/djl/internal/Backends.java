package org.coinfer.backend.djl.internal;

import java.util.Map;
import java.util.Random;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.testing.ComponentConfigs;

/** The backend under test and the reference, one of each per test JVM. */
final class Backends {
    static final DjlBackend DJL = new DjlBackend(ComponentConfigs.of(DjlBackend.Config.class, Map.of()));
    static final OrtBackend ORT = new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));

    private Backends() {
    }

    static Tensor run(org.coinfer.api.InferenceBackend b, byte[] model, Tensor in) throws InferenceException {
        SegmentKey key = new SegmentKey("test", 0, 0, 1);
        b.load(key, model);
        try {
            return b.infer(key, in);
        } finally {
            b.unload(key);
        }
    }

    static Tensor random(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[Math.toIntExact(Tensor.elementCount(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }

    static float[] randomFloats(long seed, int n) {
        return random(seed, n).toFloats();
    }
}
