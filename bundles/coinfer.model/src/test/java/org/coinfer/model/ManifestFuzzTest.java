package org.coinfer.model;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated manifests through the manifest reader: every input gives a manifest or an
 * {@link IllegalArgumentException} whose message names the file; no other exception. The number
 * of inputs per property is {@code jqwik.tries.default} (junit-platform.properties).
 */
class ManifestFuzzTest {
    private static final String SOURCE = "fuzz.json";
    private static final String VALID = ModelManifestTest.manifest("exit3", "float32", "ab".repeat(32));
    /** Characters that matter to JSON, and some that do not. */
    private static final char[] ALPHABET = "{}[]:,\"\\ 0123456789.-+eEtrufalsn\nabcxyz\u00e9\u0000".toCharArray();

    /** What the fuzzing found first: a bad \\u escape was a bare NumberFormatException. */
    @Example
    void aBadUnicodeEscapeIsAnErrorNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelManifest.parse("{\"id\": \"\\u{{{{\"}", SOURCE));
        assertTrue(e.getMessage(), e.getMessage().startsWith(SOURCE + ": not valid JSON at offset ")
                && e.getMessage().endsWith("\\u escape needs four hex digits, found '{{{{'"));
    }

    @Property
    void randomTextParsesOrFailsNamingTheFile(@ForAll("text") String text) {
        parse(text);
    }

    @Property
    void mutatedManifestsParseOrFailNamingTheFile(@ForAll("mutated") String text) {
        parse(text);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withChars(ALPHABET).ofMaxLength(200);
    }

    /** The valid manifest with a few characters replaced, then cut short. */
    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, VALID.length() - 1).list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<Character>> chars = Arbitraries.of(ALPHABET).list().ofSize(6);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, VALID.length());
        return Combinators.combine(positions, chars, length).as((ps, cs, n) -> {
            char[] c = VALID.toCharArray();
            for (int i = 0; i < ps.size(); i++) {
                c[ps.get(i)] = cs.get(i);
            }
            return new String(c, 0, n);
        });
    }

    private static void parse(String text) {
        try {
            ModelManifest.parse(text, SOURCE);
        } catch (IllegalArgumentException e) {
            assertTrue("the error names the file: " + e.getMessage(), e.getMessage() != null && e.getMessage().contains(SOURCE));
        }
    }
}
