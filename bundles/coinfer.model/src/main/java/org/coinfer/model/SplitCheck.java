package org.coinfer.model;

import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.OnnxGraph;

/**
 * Split execution on one backend against whole execution on a reference: for every exit and
 * every cut on its path, the prefix up to the cut and then the suffix after it run on the
 * backend, and their result is compared with the reference's output of the whole exit. This is
 * what a co-inference request does, so it is how engines are proven interchangeable.
 */
public final class SplitCheck {
    private SplitCheck() {
    }

    /**
     * One exit's result.
     *
     * @param maxAbsDiff the largest difference over all cuts (infinite when shapes differ)
     * @param worstCut the cut index where it occurred
     */
    public record ExitResult(String output, List<String> cuts, double maxAbsDiff, int worstCut) {
        public ExitResult {
            cuts = List.copyOf(cuts);
        }
    }

    /** Checks every cut of every exit; each segment is loaded, run once and unloaded. */
    public static List<ExitResult> run(InferenceBackend backend, InferenceBackend reference, OnnxGraph graph, Tensor input)
            throws InferenceException {
        String id = "split-check/" + graph.source();
        List<ExitResult> out = new ArrayList<>();
        for (int e = 0; e < graph.outputs().size(); e++) {
            String exit = graph.outputs().get(e);
            List<String> cuts = graph.cutPoints(exit);
            int last = cuts.size() - 1;
            Tensor expected = once(reference, new SegmentKey(id, e + 1, 0, last), graph.extract(cuts.get(0), exit), input);
            double worst = 0;
            int worstCut = 0;
            for (int c = 0; c <= last; c++) {
                Tensor mid = c == 0 ? input : once(backend, new SegmentKey(id, e + 1, 0, c), graph.extract(cuts.get(0), cuts.get(c)), input);
                Tensor result = c == last ? mid : once(backend, new SegmentKey(id, e + 1, c, last), graph.extract(cuts.get(c), exit), mid);
                double d = result.maxAbsDifference(expected);
                if (!(d <= worst)) {
                    worst = d;
                    worstCut = c;
                }
            }
            out.add(new ExitResult(exit, cuts, worst, worstCut));
        }
        return out;
    }

    private static Tensor once(InferenceBackend b, SegmentKey key, byte[] segment, Tensor in) throws InferenceException {
        b.load(key, segment);
        try {
            return b.infer(key, in);
        } finally {
            b.unload(key);
        }
    }
}
