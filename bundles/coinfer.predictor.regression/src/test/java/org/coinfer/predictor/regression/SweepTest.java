package org.coinfer.predictor.regression;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.coinfer.model.LoadedModel;
import org.coinfer.onnx.OnnxNode;
import org.junit.Test;

public class SweepTest {
    @Test
    public void theSweepCoversEveryLayerTypeWithinItsBudgetAndIsTheSameOnEveryHost() {
        List<LoadedModel> sweep = Sweep.models();
        assertEquals(Sweep.MODELS, sweep.size());
        Set<LayerKind> kinds = EnumSet.noneOf(LayerKind.class);
        Set<String> ops = new java.util.HashSet<>();
        for (LoadedModel m : sweep) {
            for (OnnxNode n : m.graph().nodes()) {
                kinds.add(LayerKind.of(n.opType()));
                ops.add(n.opType());
                if (n.opType().equals("Conv")) {
                    assertTrue(m.id() + " " + n.name() + ": " + n.flops() + " FLOPs", n.flops() <= Sweep.MAX_FLOPS);
                }
                LayerKind.of(n.opType()).features(n); // every feature is known
            }
        }
        assertEquals(EnumSet.allOf(LayerKind.class), kinds);
        assertTrue(ops.toString(), ops.containsAll(List.of("Conv", "Relu", "MaxPool", "AveragePool", "GlobalAveragePool", "Gemm",
                "LRN", "BatchNormalization", "Add", "Concat", "Flatten", "Dropout")));
        assertArrayEquals("seeded", sweep.get(5).graph().shape("output"), Sweep.models().get(5).graph().shape("output"));
        assertEquals(sweep.get(7).description().contentHash(), Sweep.models().get(7).description().contentHash());
    }
}
