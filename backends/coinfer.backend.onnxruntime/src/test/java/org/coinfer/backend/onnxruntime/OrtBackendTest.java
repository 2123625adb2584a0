package org.coinfer.backend.onnxruntime;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.DemoModels;
import org.coinfer.onnx.OnnxGraph;
import org.coinfer.testing.ComponentConfigs;
import org.junit.After;
import org.junit.Test;

public class OrtBackendTest {
    static OrtBackend.Config config(int threads) {
        return ComponentConfigs.of(OrtBackend.Config.class, Map.of("intraOpThreads", threads));
    }

    private final OrtBackend backend = new OrtBackend(config(1));
    private final byte[] model = DemoModels.multiExitCnn(1);
    private final OnnxGraph graph = OnnxGraph.parse(model, "demo");

    @After
    public void close() {
        backend.deactivate();
    }

    private Tensor input() {
        float[] v = new float[28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 17) / 17f;
        }
        return Tensor.ofFloats(new long[] {1, 1, 28, 28}, v);
    }

    @Test
    public void splitSegmentsGiveTheWholePathsOutput() throws InferenceException {
        String output = graph.outputs().get(graph.outputs().size() - 1);
        var cuts = graph.cutPoints(output);
        SegmentKey whole = new SegmentKey("demo", 5, 0, cuts.size() - 1);
        backend.load(whole, graph.extract(cuts.get(0), output));
        Tensor expected = backend.infer(whole, input());
        int c = cuts.size() / 2;
        SegmentKey head = new SegmentKey("demo", 5, 0, c);
        SegmentKey tail = new SegmentKey("demo", 5, c, cuts.size() - 1);
        backend.load(head, graph.extract(cuts.get(0), cuts.get(c)));
        backend.load(tail, graph.extract(cuts.get(c), output));
        Tensor split = backend.infer(tail, backend.infer(head, input()));
        assertArrayEquals(expected.shape(), split.shape());
        assertArrayEquals(expected.toFloats(), split.toFloats(), 1e-5f);
    }

    @Test
    public void unloadedSegmentIsAClearError() throws InferenceException {
        SegmentKey key = new SegmentKey("demo", 1, 0, 1);
        assertFalse(backend.isLoaded(key));
        InferenceException e = assertThrows(InferenceException.class, () -> backend.infer(key, input()));
        assertEquals("segment " + key + " is not loaded", e.getMessage());
        backend.load(key, graph.extract(graph.cutPoints(graph.outputs().get(0)).get(0), graph.cutPoints(graph.outputs().get(0)).get(1)));
        assertTrue(backend.isLoaded(key));
        backend.unload(key);
        assertFalse(backend.isLoaded(key));
    }

    @Test
    public void bytesThatAreNoModelAreRefusedNamingTheSegment() {
        SegmentKey key = new SegmentKey("demo", 1, 0, 1);
        InferenceException e = assertThrows(InferenceException.class, () -> backend.load(key, new byte[] {1, 2, 3}));
        assertTrue(e.getMessage(), e.getMessage().startsWith("ONNX Runtime cannot load segment " + key));
    }

    @Test
    public void wrongInputShapeIsReportedWithTheInput() throws InferenceException {
        String out = graph.outputs().get(0);
        SegmentKey key = new SegmentKey("demo", 1, 0, graph.cutPoints(out).size() - 1);
        backend.load(key, graph.extract(graph.cutPoints(out).get(0), out));
        Tensor bad = Tensor.ofFloats(new long[] {1, 1, 7, 7}, new float[49]);
        InferenceException e = assertThrows(InferenceException.class, () -> backend.infer(key, bad));
        assertTrue(e.getMessage(), e.getMessage().contains("FLOAT32[1, 1, 7, 7]"));
    }

    @Test
    public void reconfigurationRebuildsLoadedSessions() throws InferenceException {
        String out = graph.outputs().get(0);
        SegmentKey key = new SegmentKey("demo", 1, 0, graph.cutPoints(out).size() - 1);
        backend.load(key, graph.extract(graph.cutPoints(out).get(0), out));
        Tensor before = backend.infer(key, input());
        backend.modified(config(2));
        assertTrue(backend.isLoaded(key));
        assertArrayEquals(before.toFloats(), backend.infer(key, input()).toFloats(), 1e-6f);
    }
}
