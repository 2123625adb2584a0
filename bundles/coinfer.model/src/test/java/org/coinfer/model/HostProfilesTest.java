package org.coinfer.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.TensorSpec;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HostProfilesTest {
    public static final String HASH = "ab".repeat(32);
    public static final ModelDescription MODEL = new ModelDescription("m", HASH, new TensorSpec("x", DType.FLOAT32, new long[] {1, 4}),
            List.of(new Exit(1, "e1", 0.5, List.of(new CutPoint(0, "x", 16), new CutPoint(1, "e1", 8))),
                    new Exit(2, "e2", 0.9, List.of(new CutPoint(0, "x", 16), new CutPoint(1, "a", 32), new CutPoint(2, "e2", 8)))));
    public static final HostProfile DEVICE = new HostProfile("m", HASH, Host.DEVICE, List.of(List.of(0.0, 2.5), List.of(0.0, 3.0, 7.25)));
    public static final HostProfile EDGE = new HostProfile("m", HASH, Host.EDGE, List.of(List.of(0.25, 0.0), List.of(0.5, 0.375, 0.0)));

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private Path write(String text) throws Exception {
        Path p = dir.newFile().toPath();
        Files.writeString(p, text);
        return p;
    }

    @Test
    public void aWrittenProfileReadsBackEqualWithItsProvenance() throws Exception {
        Path file = dir.getRoot().toPath().resolve("sub/device.json");
        HostProfiles.write(file, DEVICE, new HostProfiles.Provenance("onnxruntime", "stretched 10x"));
        assertEquals(DEVICE, HostProfiles.read(file));
        String text = Files.readString(file);
        assertTrue(text, text.contains("\"format\": \"coinfer-host-profile\"") && text.contains("\"version\": 1")
                && text.contains("\"emulation\": \"stretched 10x\"") && text.contains("\"backend\": \"onnxruntime\""));
        HostProfiles.check(DEVICE, Host.DEVICE, MODEL, file.toString());
    }

    @Test
    public void badFilesAreOneLineErrorsNamingTheFileAndTheField() throws Exception {
        Path file = dir.getRoot().toPath().resolve("p.json");
        HostProfiles.write(file, EDGE, new HostProfiles.Provenance("onnxruntime", "none"));
        String good = Files.readString(file);
        expect(write(good.replace("coinfer-host-profile", "something-else")),
                "field 'format': expected 'coinfer-host-profile', found 'something-else'");
        expect(write(good.replace("\"version\": 1", "\"version\": 7")), "field 'version': expected 1, found 7");
        expect(write(good.replace("\"edge\"", "\"cloud\"")), "field 'host': expected 'device' or 'edge', found 'cloud'");
        expect(write(good.replace("0.375", "-0.375")), "field 'exits[1].pathMs[1]': expected a time of at least 0 ms, found -0.375");
        expect(write(good.replace("\"exit\": 2", "\"exit\": 3")), "field 'exits[1].exit': expected 2 (exits in order), found 3");
        expect(write("{\"format\": \"coinfer-host-profile\"}"), "field 'version' is missing");
        Path missing = dir.getRoot().toPath().resolve("nope.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostProfiles.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    private static void expect(Path file, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostProfiles.read(file));
        assertEquals(file + ": " + message, e.getMessage());
    }

    @Test
    public void aProfileOfAnotherRoleContentOrShapeIsRefusedForTheModel() {
        expectCheck(EDGE, Host.DEVICE, "f: field 'host': expected device, found edge");
        HostProfile other = new HostProfile("m", "cd".repeat(32), Host.DEVICE, DEVICE.pathMs());
        expectCheck(other, Host.DEVICE, "f: field 'contentHash': expected " + HASH + " (model m), found " + "cd".repeat(32)
                + " (a profile of model m with other content)");
        expectCheck(new HostProfile("m", HASH, Host.DEVICE, List.of(List.of(0.0, 1.0))), Host.DEVICE,
                "f: field 'exits': expected 2 exits (model m), found 1");
        expectCheck(new HostProfile("m", HASH, Host.DEVICE, List.of(List.of(0.0, 1.0), List.of(0.0, 1.0))), Host.DEVICE,
                "f: field 'exits[1].pathMs': expected 3 times (one per cut of exit 2), found 2");
    }

    private static void expectCheck(HostProfile p, Host role, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostProfiles.check(p, role, MODEL, "f"));
        assertEquals(message, e.getMessage());
    }

    @Test
    public void thePredictorTakesPrefixesFromTheDeviceAndSuffixesFromTheEdge() {
        var predictor = HostProfiles.predictor(DEVICE, EDGE);
        assertTrue(predictor.covers(MODEL));
        assertEquals(3.0, predictor.predictMs(Host.DEVICE, MODEL, 2, 0, 1), 0);
        assertEquals(7.25, predictor.predictMs(Host.DEVICE, MODEL, 2, 0, 2), 0);
        assertEquals(0.375, predictor.predictMs(Host.EDGE, MODEL, 2, 1, 2), 0);
        assertEquals(0.25, predictor.predictMs(Host.EDGE, MODEL, 1, 0, 1), 0);
    }
}
