package org.coinfer.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Another architecture through the same trainer and exporter. A class of its own, so a JVM of
 * its own (see the pom): a second training run in one JVM can read NaNs out of libtorch.
 */
public class LeNetSmokeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void anotherArchitectureTrainsAndExportsTheSameWay() throws Exception {
        Settings s = new Settings(1, 32, 1e-3f, 1e-4f, 1f, 7, 128, JointLoss.defaultWeights(3), 4);
        Path out = tmp.newFolder("lenet").toPath();
        TrainRun.Report r = new TrainRun(s, "b-lenet", FashionMnist.DEFAULT_DIR, out, "lenet-smoke", 100, System.out).run();
        assertEquals(3, r.check().accuracy().length);
        assertTrue("max diff " + r.check().maxAbsDiff(), r.check().maxAbsDiff() <= 1e-4);
        String json = Files.readString(r.manifest());
        assertTrue(json, json.contains("\"architecture\": \"b-lenet\""));
        assertEquals(out.resolve("lenet-smoke.onnx"), r.onnx());
    }
}
