package org.coinfer.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

/** Shared by the segment tests: chained segments, cut by cut, must reproduce the whole model. */
final class SegmentChecks {
    static final float TOLERANCE = 1e-4f;

    private SegmentChecks() {
    }

    /**
     * For every exit, runs the segments between consecutive cuts one after the other on
     * {@code x} and compares the result with the whole model's output; checks each segment's
     * interface and that the tensor at each cut has the statically inferred shape and size,
     * scaled to the batch of {@code x} (the static shapes are at batch 1).
     */
    static void checkEveryCutOfEveryExit(byte[] model, String source, Ort.T x) throws Exception {
        OnnxGraph g = OnnxGraph.parse(model, source);
        long batch = x.shape()[0];
        List<Ort.T> whole = Ort.run(model, x);
        for (int e = 0; e < g.outputs().size(); e++) {
            String exit = g.outputs().get(e);
            List<String> cuts = g.cutPoints(exit);
            Ort.T t = x;
            for (int i = 1; i < cuts.size(); i++) {
                String cut = cuts.get(i);
                byte[] segment = g.extract(cuts.get(i - 1), cut);
                OnnxGraph sg = OnnxGraph.parse(segment, "segment");
                assertEquals(cuts.get(i - 1), sg.input().name());
                assertEquals(List.of(cut), sg.outputs());
                assertEquals(g.nodesBetween(cuts.get(i - 1), cut).size(), sg.nodeCount());
                assertEquals(g.opset(), sg.opset());
                assertEquals(g.irVersion(), sg.irVersion());
                t = Ort.run1(segment, t);
                long[] expected = g.shape(cut);
                assertNotNull(source + ": no static shape for cut " + cut, expected);
                expected[0] *= batch;
                assertArrayEquals(source + ": shape of cut " + cut, expected, t.shape());
                assertEquals(source + ": size of cut " + cut, t.values().length * 4L, g.tensorBytes(cut) * batch);
            }
            float diff = Ort.maxAbsDiff(whole.get(e).values(), t.values());
            assertTrue(source + ": " + exit + " differs by " + diff, diff <= TOLERANCE);
            Ort.T direct = Ort.run1(g.extract(g.input().name(), exit), x);
            assertTrue(Ort.maxAbsDiff(whole.get(e).values(), direct.values()) <= TOLERANCE);
        }
    }
}
