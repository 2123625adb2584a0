package org.coinfer.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * One small epoch end to end: train on a few hundred images, export through the project's ONNX
 * writer, check ONNX Runtime against DJL, and read the manifest back. Needs the Debian package
 * dataset-fashion-mnist (CI installs it); without it the run fails with a message naming it.
 */
public class SmokeTrainingTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void offline() {
        Djl.offline();
    }

    @Test
    public void trainsExportsAndAgreesWithOnnxRuntime() throws Exception {
        Settings s = new Settings(1, 32, 1e-3f, 1e-4f, 1f, 7, 256, new float[] {0.5f, 0.5f, 0.5f, 0.5f, 1f}, 4);
        Path out = tmp.newFolder("model").toPath();
        TrainRun.Report r = new TrainRun(s, "b-alexnet", FashionMnist.DEFAULT_DIR, out, "b-alexnet", 120, System.out).run();

        assertEquals(120, r.check().images());
        assertTrue("max diff " + r.check().maxAbsDiff(), r.check().maxAbsDiff() <= 1e-4);
        byte[] onnx = Files.readAllBytes(r.onnx());
        assertTrue(onnx.length < 10 << 20);

        String json = Files.readString(r.manifest());
        Matcher outputs = Pattern.compile("\"output\": \"(exit\\d)\"").matcher(json);
        int exits = 0;
        while (outputs.find()) {
            exits++;
            assertEquals("exit" + exits, outputs.group(1));
        }
        assertEquals(5, exits);
        assertTrue(json, json.contains("\"sha256\": \"" + TrainRun.sha256(onnx) + "\""));
        assertTrue(json, json.contains("\"Ankle boot\""));

        java.util.List<String> curves = Files.readAllLines(out.resolve("b-alexnet-training.csv"));
        assertEquals("epoch,seconds,train_loss,test_accuracy_exit1,test_accuracy_exit2,test_accuracy_exit3,test_accuracy_exit4,"
                + "test_accuracy_exit5", curves.get(0));
        assertEquals(2, curves.size());
        assertTrue(curves.get(1), curves.get(1).startsWith("1,"));
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("b-alexnet-training.png").toFile());
        assertEquals(1400, png.getWidth());
    }
}
