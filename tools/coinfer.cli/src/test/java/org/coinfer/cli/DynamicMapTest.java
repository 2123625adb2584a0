package org.coinfer.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.coinfer.strategy.edgent.dynamic.ConfigurationMap;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code coinfer dynamic-map} from the shipped traces and two profiles of the default model. */
public class DynamicMapTest {
    static final Path TRACES = Path.of("../../traces/hsdpa-norway");

    @ClassRule
    public static TemporaryFolder dir = new TemporaryFolder();

    @Rule
    public Console console = new Console();

    @Test
    public void buildsAMapEdgentDynamicReads() throws Exception {
        Path device = dir.getRoot().toPath().resolve("device.json");
        Path edge = dir.getRoot().toPath().resolve("edge.json");
        assertEquals(0, Main.run("profile", "--role", "device", "--emulate-device", "10", "--out", device.toString()));
        assertEquals(0, Main.run("profile", "--role", "edge", "--out", edge.toString()));
        Path out = dir.getRoot().toPath().resolve("map.json");
        console.reset();
        assertEquals(console.err(), 0, Main.run("dynamic-map", "--traces", TRACES.toString(), "--device-profile", device.toString(),
                "--edge-profile", edge.toString(), "--deadline-ms", "12", "--out", out.toString()));
        ConfigurationMap map = ConfigurationMap.read(out);
        assertEquals(8, map.states().size());
        assertEquals("b-alexnet", map.modelId());
        assertEquals(8, console.out().lines().filter(l -> l.startsWith("from ")).count());
        // Faster states never take a less accurate exit than slower ones here: more bandwidth, more choice.
        for (int i = 1; i < 8; i++) {
            assertTrue(map.entries().toString(), map.entries().get(i).exit() >= map.entries().get(i - 1).exit()
                    || map.entries().get(i - 1).exit() == 5);
        }
        assertTrue(Files.readString(out).contains("\"format\": \"coinfer-dynamic-map\""));

        console.reset();
        assertEquals(2, Main.run("dynamic-map", "--traces", dir.getRoot().toString(), "--device-profile", device.toString(),
                "--edge-profile", edge.toString(), "--deadline-ms", "12", "--out", out.toString()));
        assertTrue(console.err(), console.err().contains("--traces: no .tsv trace in " + dir.getRoot()));
    }
}
