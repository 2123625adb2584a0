package org.coinfer.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coinfer.model.json.JsonReader;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code coinfer predictor report} end to end, shortened: a small sweep, one more model, short rounds. */
public class PredictorReportTest {
    @ClassRule
    public static TemporaryFolder dir = new TemporaryFolder();

    @Rule
    public Console console = new Console();

    static Path models() throws Exception {
        Path models = dir.getRoot().toPath().resolve("models");
        if (!Files.isDirectory(models)) {
            Files.createDirectories(models);
            for (String f : new String[] {"multi_exit.onnx", "multi_exit.json"}) {
                Files.copy(Path.of(PredictorReportTest.class.getResource("/torch/" + f).toURI()), models.resolve(f));
            }
        }
        return models;
    }

    @Test
    @SuppressWarnings("unchecked")
    public void reportsEachHeldOutModelPerRoleAsJsonCsvAndPng() throws Exception {
        Path out = dir.getRoot().toPath().resolve("report");
        assertEquals(console.err(), 0, Main.run("predictor", "report", "--held-out", "all", "--json", "--out", out.toString(),
                "--models", models().toString(), "--sweep", "3", "--round-ms", "1", "--device-slowdown", "2"));
        List<Object> reports = (List<Object>) JsonReader.parse(console.out(), "stdout");
        assertEquals(2, reports.size());
        for (Object o : reports) {
            Map<String, Object> r = (Map<String, Object>) o;
            Map<String, Object> roles = (Map<String, Object>) r.get("roles");
            assertEquals(List.of("device", "edge"), List.copyOf(roles.keySet()));
            for (String level : new String[] {"layerMedianRelError", "planMedianRelError"}) {
                double worst = Math.max((double) ((Map<String, Object>) roles.get("device")).get(level),
                        (double) ((Map<String, Object>) roles.get("edge")).get(level));
                assertEquals(r.get("heldOutModel") + " " + level + " is the worse role's", worst, (double) r.get(level), 0);
            }
        }
        assertEquals(List.of("b-alexnet", "torch-multi-exit"), reports.stream().map(o -> ((Map<String, Object>) o).get("heldOutModel")).toList());
        List<String> csv = Files.readAllLines(out.resolve("predictor-report.csv"));
        assertEquals("held_out,role,level,exit,cut,measured_ms,predicted_ms,rel_error,judged", csv.get(0));
        // b-alexnet: 69 plans per role, every exit x cut that leaves the host a part (7 + 11 + 13 + 15 + 23).
        assertEquals(69, csv.stream().filter(l -> l.startsWith("b-alexnet,device,plan,")).count());
        assertTrue(Files.size(out.resolve("predictor-report.png")) > 1000);
        assertTrue(console.err(), console.err().contains("device (every computation stretched 2.0x): sweep-02 timed (3/3)"));
    }

    @Test
    public void badOptionsAreOneLineErrorsNamingTheOption() throws Exception {
        assertEquals(2, Main.run("predictor", "report", "--held-out", "vgg", "--models", models().toString(), "--sweep", "0"));
        assertTrue(console.err(), console.err().contains("--held-out: expected one of [b-alexnet, torch-multi-exit] or 'all', found 'vgg'"));
        console.reset();
        assertEquals(2, Main.run("predictor", "report", "--role", "phone"));
        assertTrue(console.err(), console.err().contains("--role: expected device, edge or both, found 'phone'"));
    }
}
