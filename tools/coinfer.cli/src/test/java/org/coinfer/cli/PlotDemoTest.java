package org.coinfer.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PlotDemoTest {
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    @Rule
    public Console console = new Console();

    private Path csv(String name, String header, String... rows) throws Exception {
        Path p = dir.getRoot().toPath().resolve(name);
        Files.writeString(p, header + "\n" + String.join("\n", rows) + "\n");
        return p;
    }

    private static final String HEADER = "strategy,bandwidth_mbps,measured_mbps,deadline_ms,requests,exit,cut,predicted_ms,measured_ms,correct,met";

    /** The demo's rows for two strategies, two requirements and three bandwidths. */
    private static String[] rows() {
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (double bw : new double[] {10, 1, 0.05}) {
            for (int deadline : new int[] {100, 400}) {
                rows.add("edge-only," + bw + "," + bw * 0.9 + "," + deadline + ",4,5,0," + 5 / bw + "," + 6 / bw + ",1.00,1.00");
                rows.add("neurosurgeon," + bw + "," + bw * 0.9 + "," + deadline + ",4," + (bw < 1 ? 3 : 5) + "," + (bw < 1 ? 23 : 0)
                        + ",20.2,21.5,,0.75");
            }
        }
        return rows.toArray(String[]::new);
    }

    @Test
    public void aDemoCsvBecomesAPngNextToIt() throws Exception {
        Path csv = csv("results.csv", HEADER, rows());
        assertEquals(console.err(), 0, Main.run("plot", "demo", csv.toString()));
        Path png = dir.getRoot().toPath().resolve("results.png");
        assertEquals(png.toString(), console.out().trim());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1800, img.getWidth());
        assertEquals(600, img.getHeight());
    }

    @Test
    public void columnsAreFoundByNameAndOutChoosesThePng() throws Exception {
        Path csv = csv("r.csv", "measured_ms,predicted_ms,cut,exit,deadline_ms,bandwidth_mbps,strategy",
                "12,10,0,5,100,10,edge-only", "30,28,0,5,100,1,edge-only");
        Path png = dir.getRoot().toPath().resolve("other.png");
        assertEquals(console.err(), 0, Main.run("plot", "demo", csv.toString(), "--out", png.toString()));
        assertTrue(Files.size(png) > 0);
    }

    @Test
    public void aMissingColumnIsOneLineNamingFileLineAndColumn() throws Exception {
        Path csv = csv("nocut.csv", HEADER.replace(",cut", ""), "edge-only,10,9.9,100,4,5,4.7,16.0,1.00,1.00");
        assertEquals(2, Main.run("plot", "demo", csv.toString()));
        assertEquals("coinfer: " + csv + ": line 1: no column 'cut' (the header has " + HEADER.replace(",cut", "") + ")",
                console.err().trim());
        assertTrue(Files.notExists(dir.getRoot().toPath().resolve("nocut.png")));
    }

    @Test
    public void aBadNumberIsOneLineNamingFileLineAndColumn() throws Exception {
        Path csv = csv("bad.csv", HEADER, "edge-only,10,9.9,100,4,5,0,4.7,16.0,1.00,1.00", "edge-only,1,0.9,100,4,5,0,30,fast,1.00,1.00");
        assertEquals(2, Main.run("plot", "demo", csv.toString()));
        assertEquals("coinfer: " + csv + ": line 3: column 'measured_ms': 'fast' is not a number", console.err().trim());
    }

    @Test
    public void aShortRowIsOneLine() throws Exception {
        Path csv = csv("short.csv", HEADER, "edge-only,10,9.9,100");
        assertEquals(2, Main.run("plot", "demo", csv.toString()));
        assertEquals("coinfer: " + csv + ": line 2: 4 fields, the header has 11", console.err().trim());
    }

    @Test
    public void theDefaultPngReplacesTheCsvExtension() {
        assertEquals(Path.of("/a/b/results.png"), PlotDemo.defaultPng(Path.of("/a/b/results.csv")));
        assertEquals(Path.of("rows.txt.png"), PlotDemo.defaultPng(Path.of("rows.txt")));
    }
}
