package org.coinfer.onnx;

import static org.junit.Assert.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.coinfer.testing.Mutations;

/**
 * Random and mutated bytes through the ONNX loader: every input gives a graph or an
 * {@link OnnxFormatException} whose message names the file; no other exception. The number of
 * inputs per property is {@code jqwik.tries.default} (junit-platform.properties).
 */
class OnnxFuzzTest {
    private static final String SOURCE = "fuzz.onnx";
    private static final byte[] VALID = DemoModels.multiExitCnn(5);

    @Property
    void randomBytesLoadOrFailNamingTheFile(@ForAll @Size(max = 400) byte[] bytes) {
        load(bytes);
    }

    @Property
    void mutatedModelsLoadOrFailNamingTheFile(@ForAll("mutated") byte[] bytes) {
        load(bytes);
    }

    /** A valid multi-exit model with a few bytes replaced, then cut short. */
    @Provide
    Arbitrary<byte[]> mutated() {
        return Mutations.of(VALID, 8);
    }

    private static void load(byte[] bytes) {
        try {
            OnnxGraph.parse(bytes, SOURCE);
        } catch (OnnxFormatException e) {
            assertTrue("the error names the file: " + e.getMessage(), e.getMessage() != null && e.getMessage().contains(SOURCE));
        }
    }
}
