package org.coinfer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Runs models with ONNX Runtime for tests: float tensors in, float or shape-only results out. */
final class Ort {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** A float tensor as flat values plus shape. */
    record T(float[] values, long[] shape) {
    }

    private Ort() {
    }

    static T random(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return new T(v, shape);
    }

    /** Runs a model on one float input and returns its outputs (floats empty for non-float outputs). */
    static List<T> run(byte[] model, T input) throws OrtException {
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input.values()), input.shape());
                OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), x))) {
            List<T> out = new ArrayList<>();
            for (var e : r) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                FloatBuffer fb = t.getInfo().type == ai.onnxruntime.OnnxJavaType.FLOAT ? t.getFloatBuffer() : null;
                float[] v = fb == null ? new float[0] : new float[fb.remaining()];
                if (fb != null) {
                    fb.get(v);
                }
                out.add(new T(v, t.getInfo().getShape()));
            }
            return out;
        }
    }

    static T run1(byte[] model, T input) throws OrtException {
        return run(model, input).get(0);
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
