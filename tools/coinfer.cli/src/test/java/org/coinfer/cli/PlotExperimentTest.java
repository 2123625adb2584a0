package org.coinfer.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PlotExperimentTest {
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    @Rule
    public Console console = new Console();

    private static final String ROW_HEADER = "strategy,bandwidth_mbps,measured_mbps,deadline_ms,requests,exit,cut,predicted_ms,measured_ms,"
            + "correct,met,accuracy,measured_sd_ms,measured_min_ms,measured_max_ms";
    private static final String REPLAY_HEADER = "trace,strategy,t_s,trace_mbps,estimated_mbps,exit,cut,predicted_ms,measured_ms,met,"
            + "correct,deadline_ms,accuracy,oracle_exit,oracle_cut,oracle_accuracy,probe_ms";

    private Path write(String name, String header, List<String> rows) throws Exception {
        Path p = dir.getRoot().toPath().resolve(name);
        Files.writeString(p, header + "\n" + String.join("\n", rows) + "\n");
        return p;
    }

    @Test
    public void eachExperimentsCsvBecomesItsPng() throws Exception {
        List<String> fig5 = new ArrayList<>();
        List<String> fig6 = new ArrayList<>();
        for (String s : new String[] {"edgent", "edge-only", "mine"}) {
            for (double bw : new double[] {0.05, 1, 10}) {
                fig5.add(s + "," + bw + "," + bw + ",12,4," + (bw < 1 ? 1 : 5) + ",0,10,11,1,1,0.8,0.5,10,12");
            }
            for (double d : new double[] {4, 12, 40}) {
                fig6.add(s + ",0.4,0.38," + d + ",4,1,0,10,11,1," + (d > 10 ? 1 : 0) + ",0.8,0.5,10,12");
            }
        }
        List<String> dynamic = new ArrayList<>();
        for (String trace : new String[] {"bus_1", "train_2"}) {
            for (int i = 0; i < 10; i++) {
                dynamic.add(trace + "," + (i % 2 == 0 ? "edgent" : "edgent-dynamic") + "," + i * 0.2 + ",1.5,1.4,5,0,12,13,"
                        + (i % 3 == 0 ? 0 : 1) + ",1,15,0.916,5,0,0.916,0");
            }
        }
        write("fig5.csv", ROW_HEADER, fig5);
        write("fig6.csv", ROW_HEADER, fig6);
        write("dynamic.csv", REPLAY_HEADER, dynamic);
        assertEquals(console.err(), 0, Main.run("plot", "experiment", dir.getRoot().toString()));
        for (String png : new String[] {"fig5.png", "fig6.png", "dynamic.png", "dynamic.bus_1.png", "dynamic.train_2.png"}) {
            BufferedImage img = ImageIO.read(dir.getRoot().toPath().resolve(png).toFile());
            assertTrue(png, img.getWidth() >= 1400 && img.getHeight() == 600);
        }
        assertTrue(console.out(), console.out().contains("fig6.png"));
    }

    @Test
    public void aFolderWithoutResultsIsOneLine() throws Exception {
        assertEquals(2, Main.run("plot", "experiment", dir.getRoot().toString()));
        assertEquals("coinfer: " + dir.getRoot() + ": no fig5.csv, fig6.csv or dynamic.csv to plot", console.err().trim());
    }

    @Test
    public void fig6NeedsItsAccuracyColumn() throws Exception {
        write("fig6.csv", ROW_HEADER.replace(",accuracy", ""), List.of("edgent,0.4,0.38,12,4,1,0,10,11,1,1,0.5,10,12"));
        assertEquals(2, Main.run("plot", "experiment", dir.getRoot().toString()));
        assertTrue(console.err(), console.err().contains("no column 'accuracy'"));
    }
}
