package org.coinfer.backend.tensorflow.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.DemoModels;
import org.coinfer.onnx.OnnxGraph;
import org.coinfer.onnx.OnnxModelBuilder;
import org.coinfer.onnx.program.UnsupportedOperatorException;
import org.junit.After;
import org.junit.Test;

public class TfBackendTest {
    private final TfBackend backend = Backends.tensorflow();
    private final byte[] model = lastExit(DemoModels.multiExitCnn(1));
    private final SegmentKey key = new SegmentKey("demo", 0, 0, 1);

    /** The whole path to the model's last exit, as one segment. */
    private static byte[] lastExit(byte[] model) {
        OnnxGraph g = OnnxGraph.parse(model, "demo");
        String exit = g.outputs().get(g.outputs().size() - 1);
        return g.extract(g.cutPoints(exit).get(0), exit);
    }

    @After
    public void close() {
        backend.deactivate();
    }

    @Test
    public void isTheTensorflowEngineAndReady() {
        assertEquals("tensorflow", backend.engine());
        assertTrue(backend.isReady());
    }

    @Test
    public void unsupportedOperatorIsRefusedAtLoadNamingNodeAndType() {
        OnnxModelBuilder b = OnnxModelBuilder.input("x", 1, 4);
        b.node("Erf", Map.of(), b.current()).named("the_erf");
        byte[] erf = b.exit("y").build();
        InferenceException e = assertThrows(InferenceException.class, () -> backend.load(key, erf));
        UnsupportedOperatorException cause = (UnsupportedOperatorException) e.getCause();
        assertEquals("Erf", cause.opType());
        assertTrue(e.getMessage(), e.getMessage().contains("node '" + cause.node() + "' is a Erf"));
        assertTrue(e.getMessage(), e.getMessage().contains("tensorflow"));
        assertFalse(backend.isLoaded(key));
    }

    @Test
    public void unsupportedAttributeValueIsRefusedAtLoad() {
        OnnxModelBuilder b = OnnxModelBuilder.input("x", 1, 2, 6, 6);
        b.node("LRN", Map.of("size", 4L), b.current());
        byte[] lrn = b.exit("y").build();
        InferenceException e = assertThrows(InferenceException.class, () -> backend.load(key, lrn));
        assertTrue(e.getMessage(), e.getMessage().contains("is a LRN with an even size (4)"));
    }

    @Test
    public void unloadedSegmentIsAClearError() throws InferenceException {
        InferenceException e = assertThrows(InferenceException.class, () -> backend.infer(key, Backends.input(model, 1)));
        assertEquals("segment " + key + " is not loaded", e.getMessage());
        backend.load(key, model);
        assertTrue(backend.isLoaded(key));
        backend.unload(key);
        assertFalse(backend.isLoaded(key));
    }

    @Test
    public void wrongInputShapeIsReportedWithTheExpectedOne() throws InferenceException {
        backend.load(key, model);
        Tensor wrong = Tensor.ofFloats(new long[] {1, 1, 14, 14}, new float[196]);
        InferenceException e = assertThrows(InferenceException.class, () -> backend.infer(key, wrong));
        assertEquals("segment " + key + " takes FLOAT32[1, 1, 28, 28], found FLOAT32[1, 1, 14, 14]", e.getMessage());
    }

    @Test
    public void bytesThatAreNoModelAreRefusedNamingTheSegment() {
        InferenceException e = assertThrows(InferenceException.class, () -> backend.load(key, new byte[] {1, 2, 3}));
        assertTrue(e.getMessage(), e.getMessage().startsWith("TensorFlow cannot load segment " + key));
    }

    /** Requests run concurrently on one session while another segment is loaded and unloaded beside them. */
    @Test
    public void concurrentRequestsGetTheSameAnswerWhileSegmentsChange() throws Exception {
        backend.load(key, model);
        Tensor in = Backends.input(model, 3);
        Tensor expected = backend.infer(key, in);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Tensor>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> backend.infer(key, in)));
            }
            SegmentKey other = new SegmentKey("demo", 1, 0, 1);
            for (int i = 0; i < 5; i++) {
                backend.load(other, model);
                backend.unload(other);
            }
            for (Future<Tensor> a : answers) {
                assertArrayEquals(expected.toFloats(), a.get(30, TimeUnit.SECONDS).toFloats(), 0f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void reconfiguringRebuildsLoadedSegments() throws InferenceException {
        backend.load(key, model);
        Tensor in = Backends.input(model, 4);
        Tensor before = backend.infer(key, in);
        backend.modified(org.coinfer.testing.ComponentConfigs.of(TfBackend.Config.class, Map.of("intraOpThreads", 2)));
        assertTrue(backend.isLoaded(key));
        assertTrue(backend.infer(key, in).maxAbsDifference(before) <= Backends.TOLERANCE);
    }
}
