package org.coinfer.train;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A run whose loss leaves the finite range stops there, says why, and writes no model. Own class: own JVM (see the pom). */
public class DivergenceTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aDivergingRunStopsWithTheReasonAndWritesNothing() throws Exception {
        // A learning rate 10^12 times too large, unclipped: the loss overflows within a few batches.
        Settings s = new Settings(1, 32, 1e9f, 1e8f, 0f, 7, 256, JointLoss.defaultWeights(3), 4);
        Path out = tmp.newFolder("diverged").toPath();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TrainRun(s, "b-lenet", FashionMnist.DEFAULT_DIR, out, "diverged", 50, System.out).run());
        assertTrue(e.getMessage(), e.getMessage().startsWith("training diverged: joint loss NaN for 5 batches in a row"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("nothing was written. Try a smaller --lr or --clip-grad"));
        assertTrue(Files.notExists(out.resolve("diverged.onnx")));
    }
}
