package org.coinfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The final table, on the console and as CSV. */
final class Summary {
    private Summary() {
    }

    static void print(List<Row> rows) {
        String fmt = "%-46s %10s %-3s %-12s %-7s %s%n";
        System.out.printf(fmt, "metric", "value", "", "target", "verdict", "note");
        for (Row r : rows) {
            System.out.printf(fmt, r.metric(), r.valueText(), r.unit(), r.target(), r.verdict(), r.note());
        }
    }

    static void writeCsv(List<Row> rows, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("metric,value,unit,target,verdict,note");
        rows.forEach(r -> lines.add(r.csv()));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines);
    }
}
