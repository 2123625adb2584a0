package org.coinfer.api;

import java.util.Comparator;
import java.util.List;

/**
 * What a strategy needs to know of a model: its identity, its input, and its exits in order
 * from the earliest to the final one.
 *
 * @param id stable model identifier, the same on device and edge
 * @param contentHash SHA-256 of the model file in hex; device and edge must agree on it
 */
public record ModelDescription(String id, String contentHash, TensorSpec input, List<Exit> exits) {
    public ModelDescription {
        exits = List.copyOf(exits);
        if (exits.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " has no exit");
        }
    }

    /** The exit with the given number (1-based). */
    public Exit exit(int number) {
        if (number < 1 || number > exits.size()) {
            throw new IllegalArgumentException("model " + id + " has exits 1.." + exits.size() + ", not " + number);
        }
        return exits.get(number - 1);
    }

    public Exit finalExit() {
        return exits.get(exits.size() - 1);
    }

    /**
     * What planning maximises for an exit: its measured accuracy; or, when any exit of the model
     * lacks one, its depth (the exit's number), since accuracies measured for some exits only
     * cannot be compared with guesses for the others.
     */
    public double merit(int exit) {
        return exits.stream().anyMatch(e -> Double.isNaN(e.accuracy())) ? exit : exit(exit).accuracy();
    }

    /** The exits, best {@link #merit} first; of equal merit, the earliest first. */
    public List<Exit> byMerit() {
        return exits.stream()
                .sorted(Comparator.comparingDouble((Exit e) -> merit(e.number())).reversed().thenComparingInt(Exit::number))
                .toList();
    }
}
