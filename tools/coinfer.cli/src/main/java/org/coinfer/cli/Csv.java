package org.coinfer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A comma-separated file with a header line, read by column name so columns may come in any
 * order or be added later. No quoting: the project's CSVs never hold a comma in a value.
 * Every error is one line naming the file, the line and the column.
 */
final class Csv {
    private final Path file;
    private final int headerLine;
    private final List<String> header;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();

    private Csv(Path file, int headerLine, List<String> header) {
        this.file = file;
        this.headerLine = headerLine;
        this.header = header;
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
        }
    }

    static Csv read(Path file) throws IOException {
        List<String> text = Files.readAllLines(Main.existing(file), StandardCharsets.UTF_8);
        Csv csv = null;
        for (int i = 0; i < text.size(); i++) {
            String line = i == 0 ? text.get(i).replace("\uFEFF", "") : text.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            for (int f = 0; f < fields.length; f++) {
                fields[f] = fields[f].trim();
            }
            if (csv == null) {
                csv = new Csv(file, i + 1, List.of(fields));
            } else if (fields.length != csv.header.size()) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + fields.length + " fields, the header has " + csv.header.size());
            } else {
                csv.rows.add(fields);
                csv.lines.add(i + 1);
            }
        }
        if (csv == null) {
            throw new IllegalArgumentException(file + ": empty, no header line");
        }
        return csv;
    }

    /** Fails naming every column of {@code names} the header lacks. */
    void require(String... names) {
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!index.containsKey(n)) {
                missing.add("'" + n + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": line " + headerLine + (missing.size() == 1 ? ": no column " : ": no columns ") + String.join(", ", missing)
                    + " (the header has " + String.join(",", header) + ")");
        }
    }

    int size() {
        return rows.size();
    }

    String text(int row, String column) {
        Integer c = index.get(column);
        if (c == null) {
            require(column);
        }
        return rows.get(row)[c];
    }

    double number(int row, String column) {
        String v = text(row, column);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + lines.get(row) + ": column '" + column + "': "
                    + (v.isEmpty() ? "empty" : "'" + v + "' is not a number"));
        }
    }
}
