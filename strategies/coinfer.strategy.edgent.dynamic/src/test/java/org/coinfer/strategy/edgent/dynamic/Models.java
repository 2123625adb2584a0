package org.coinfer.strategy.edgent.dynamic;

import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.ModelDescription;
import org.coinfer.model.LoadedModel;
import org.coinfer.testing.LayerTimes;

/** The built-in 5-exit CNN with accuracies rising by exit, and a slow device beside a fast edge. */
final class Models {
    static final ModelDescription CNN;
    /** 2 ms a layer on the device, 0.1 ms on the edge. */
    static final LayerTimes TIMES = LayerTimes.uniform(2, 0.1);

    static {
        ModelDescription d = LoadedModel.demo().description();
        List<Exit> exits = d.exits().stream().map(e -> new Exit(e.number(), e.output(), 0.5 + 0.1 * e.number(), e.cuts())).toList();
        CNN = new ModelDescription(d.id(), d.contentHash(), d.input(), exits);
    }

    private Models() {
    }
}
