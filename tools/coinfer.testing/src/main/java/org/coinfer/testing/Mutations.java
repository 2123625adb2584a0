package org.coinfer.testing;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for fuzzing a reader: a valid input with a few bytes replaced, then cut short, which
 * reaches deeper into a reader than random bytes do. jqwik comes from the test that uses this.
 */
public final class Mutations {
    private Mutations() {
    }

    /** {@code valid} with 1 to {@code maxChanges} bytes replaced, cut to a random length (possibly whole). */
    public static Arbitrary<byte[]> of(byte[] valid, int maxChanges) {
        Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(maxChanges);
        Arbitrary<List<Byte>> values = Arbitraries.bytes().list().ofSize(maxChanges);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, valid.length);
        return Combinators.combine(positions, values, length).as((ps, vs, n) -> {
            byte[] b = valid.clone();
            for (int i = 0; i < ps.size(); i++) {
                b[ps.get(i)] = vs.get(i);
            }
            return Arrays.copyOf(b, n);
        });
    }
}
