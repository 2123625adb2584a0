package org.coinfer.api;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class ModelDescriptionTest {
    private static ModelDescription model(double... accuracies) {
        List<CutPoint> cuts = List.of(new CutPoint(0, "x", 4), new CutPoint(1, "y", 4));
        Exit[] exits = new Exit[accuracies.length];
        for (int i = 0; i < exits.length; i++) {
            exits[i] = new Exit(i + 1, "out" + (i + 1), accuracies[i], cuts);
        }
        return new ModelDescription("m", "h", new TensorSpec("x", DType.FLOAT32, new long[] {1, 1}), List.of(exits));
    }

    private static List<Integer> numbers(List<Exit> exits) {
        return exits.stream().map(Exit::number).toList();
    }

    @Test
    public void exitsRankByAccuracyThenTheEarliest() {
        ModelDescription m = model(0.6, 0.9, 0.9, 0.8);
        assertEquals(List.of(2, 3, 4, 1), numbers(m.byMerit()));
        assertEquals(0.9, m.merit(3), 0);
    }

    @Test
    public void oneMissingAccuracyRanksEveryExitByDepth() {
        ModelDescription m = model(0.6, Double.NaN, 0.9);
        assertEquals(List.of(3, 2, 1), numbers(m.byMerit()));
        assertEquals(2, m.merit(2), 0);
    }
}
