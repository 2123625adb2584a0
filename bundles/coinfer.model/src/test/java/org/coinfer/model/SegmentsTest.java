package org.coinfer.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.junit.Test;

public class SegmentsTest {
    private final LoadedModel model = DemoFixture.model();
    private final OrtBackend backend = DemoFixture.backend();

    @Test
    public void runLoadsTheSegmentOnFirstUseAndKeepsIt() throws InferenceException {
        SegmentKey key = new SegmentKey(model.id(), 5, 0, model.description().exit(5).layers());
        assertFalse(backend.isLoaded(key));
        Tensor out = Segments.run(backend, model, key, DemoFixture.input());
        assertTrue(backend.isLoaded(key));
        assertArrayEquals(new long[] {1, 10}, out.shape());
        assertArrayEquals(out.toFloats(), Segments.run(backend, model, key, DemoFixture.input()).toFloats(), 0f);
    }

    @Test
    public void splitRunsEqualTheWholePath() throws InferenceException {
        int n = model.description().exit(3).layers();
        Tensor whole = Segments.run(backend, model, new SegmentKey(model.id(), 3, 0, n), DemoFixture.input());
        Tensor head = Segments.run(backend, model, new SegmentKey(model.id(), 3, 0, 2), DemoFixture.input());
        Tensor tail = Segments.run(backend, model, new SegmentKey(model.id(), 3, 2, n), head);
        assertArrayEquals(whole.toFloats(), tail.toFloats(), 1e-5f);
    }

    @Test
    public void aSegmentThatCannotBeExtractedIsAnInferenceError() {
        SegmentKey key = new SegmentKey("another-model", 1, 0, 1);
        InferenceException e = assertThrows(InferenceException.class,
                () -> Segments.run(backend, model, key, DemoFixture.input()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot extract segment " + key));
        assertFalse(backend.isLoaded(key));
    }
}
