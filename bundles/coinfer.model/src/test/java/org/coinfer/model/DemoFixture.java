package org.coinfer.model;

import org.coinfer.testing.ComponentConfigs;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.onnx.DemoModels;

/** The built-in demo CNN, a real ONNX Runtime backend and a fixed input. */
final class DemoFixture {
    static final String ID = "demo";
    static final long SEED = 2018;

    private DemoFixture() {
    }

    static LoadedModel model() {
        return LoadedModel.of(ID, DemoModels.multiExitCnn(SEED), "test " + ID, List.of());
    }

    static OrtBackend backend() {
        return new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
    }

    static Tensor input() {
        float[] v = new float[28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7 % 29) / 29f;
        }
        return Tensor.ofFloats(new long[] {1, 1, 28, 28}, v);
    }

    /** Every segment key between consecutive cuts of every exit. */
    static List<SegmentKey> unitSegments(LoadedModel m) {
        return m.description().exits().stream()
                .flatMap(e -> IntStream.range(0, e.layers())
                        .mapToObj(k -> new SegmentKey(m.id(), e.number(), k, k + 1)))
                .toList();
    }
}
