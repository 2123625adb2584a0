package org.coinfer.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class RowTest {
    private static Row row(double correct) {
        return row("edgent -> device-only (fallback)", correct);
    }

    private static Row row(String strategy, double correct) {
        return new Row(strategy, 0.5, 0.498, 120, 20, 3, 4, 81.25, 90.5, correct, 0.75, 0.8125, new Row.Spread(4.5, 85, 101.25));
    }

    private static int columns(String line) {
        return line.split(",", -1).length;
    }

    @Test
    public void csvLineHasAColumnForEveryHeader() {
        int header = columns(Row.HEADER);
        assertEquals(15, header);
        assertEquals(header, columns(row(0.9).csv()));
        assertEquals("an unknown accuracy leaves its column empty", header, columns(row(Double.NaN).csv()));
    }

    @Test
    public void csvValuesAreInHeaderOrder() {
        assertEquals("edgent -> device-only (fallback),0.5,0.498,120,20,3,4,81.25,90.50,0.90,0.75,0.8125,4.50,85.00,101.25", row(0.9).csv());
        assertTrue(row(Double.NaN).csv().endsWith(",90.50,,0.75,0.8125,4.50,85.00,101.25"));
    }

    @Test
    public void tableLineHasTheSameWidthAsItsHeader() {
        // Names up to the strategy column's 24 characters keep the columns aligned.
        assertEquals(Row.tableHeader().length(), row("neurosurgeon", 0.9).tableLine().length());
        assertEquals(Row.tableHeader().length(), row("x".repeat(24), Double.NaN).tableLine().length());
    }
}
