package org.coinfer.strategy.edgent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.ModelDescription;

/**
 * A model's exits grouped by measured accuracy, most accurate group first, exits within a
 * group from the earliest. When any exit lacks a measured accuracy the exits are ordered by
 * depth instead, one exit a group, the deepest first.
 *
 * @param groups exit numbers
 */
public record ExitOrder(List<int[]> groups, boolean byDepth) {
    public static ExitOrder of(ModelDescription model) {
        List<Exit> exits = model.exits();
        boolean byDepth = exits.stream().anyMatch(e -> Double.isNaN(e.accuracy()));
        List<int[]> groups = new ArrayList<>();
        if (byDepth) {
            for (int i = exits.size() - 1; i >= 0; i--) {
                groups.add(new int[] {exits.get(i).number()});
            }
            return new ExitOrder(List.copyOf(groups), true);
        }
        List<Exit> sorted = exits.stream()
                .sorted(Comparator.comparingDouble(Exit::accuracy).reversed().thenComparingInt(Exit::number))
                .toList();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j < sorted.size() && sorted.get(j).accuracy() == sorted.get(i).accuracy()) {
                j++;
            }
            groups.add(sorted.subList(i, j).stream().mapToInt(Exit::number).toArray());
            i = j;
        }
        return new ExitOrder(List.copyOf(groups), false);
    }
}
