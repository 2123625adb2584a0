package org.coinfer.demo;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class ReplayRowTest {
    @Test
    public void eachValueLandsUnderItsHeader() {
        ReplayRow r = new ReplayRow("norway_bus_1", "edgent", 1.5, 2.25, 2.5, 3, 13, 12.5, 14.25, 15, 1, 0.9, new ReplayRow.Choice(5, 0, 0.916),
                new ReplayRow.Choice(2, 11, 0.85), 0.5, new ReplayRow.Parts(12.5, 0, 0), new ReplayRow.Parts(14, 0, 0));
        List<String> header = Arrays.asList(ReplayRow.HEADER.split(","));
        String[] values = r.csv().split(",", -1);
        assertEquals(header.size(), values.length);
        assertEquals("1", values[header.indexOf("met")]);
        assertEquals("5", values[header.indexOf("oracle_exit")]);
        assertEquals("0.9160", values[header.indexOf("oracle_accuracy")]);
        assertEquals("11", values[header.indexOf("safe_oracle_cut")]);
        assertEquals("0.8500", values[header.indexOf("safe_oracle_accuracy")]);
        assertEquals("0.500", values[header.indexOf("probe_ms")]);
        assertEquals("12.500", values[header.indexOf("predicted_device_ms")]);
        assertEquals("14.000", values[header.indexOf("device_ms")]);
    }

    @Test
    public void aFailedRequestMissesAndLeavesItsPartsEmpty() {
        ReplayRow r = new ReplayRow("t", "edgent", 0, 1, Double.NaN, -1, -1, Double.NaN, Double.NaN, 15, 0, 0, new ReplayRow.Choice(1, 7, 0.6),
                new ReplayRow.Choice(1, 7, 0.6), 0, ReplayRow.Parts.NONE, ReplayRow.Parts.NONE);
        List<String> header = Arrays.asList(ReplayRow.HEADER.split(","));
        String[] values = r.csv().split(",", -1);
        assertEquals("0", values[header.indexOf("met")]);
        assertEquals("NaN", values[header.indexOf("link_ms")]);
    }
}
