package org.coinfer.strategy.edgent;

import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.ModelDescription;

/**
 * A model's exits grouped by {@link ModelDescription#merit} (measured accuracy, or depth when
 * any exit lacks one), best group first, exits within a group from the earliest; by depth each
 * exit is a group of its own, the deepest first.
 *
 * @param groups exit numbers
 */
public record ExitOrder(List<int[]> groups, boolean byDepth) {
    public static ExitOrder of(ModelDescription model) {
        List<Exit> sorted = model.byMerit();
        List<int[]> groups = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            double merit = model.merit(sorted.get(i).number());
            while (j < sorted.size() && model.merit(sorted.get(j).number()) == merit) {
                j++;
            }
            groups.add(sorted.subList(i, j).stream().mapToInt(Exit::number).toArray());
            i = j;
        }
        boolean byDepth = model.exits().stream().anyMatch(e -> Double.isNaN(e.accuracy()));
        return new ExitOrder(List.copyOf(groups), byDepth);
    }
}
