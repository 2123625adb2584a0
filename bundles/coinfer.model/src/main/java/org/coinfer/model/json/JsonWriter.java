package org.coinfer.model.json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes what {@link JsonReader} reads (maps, lists, strings, numbers, booleans, null), keys in their order. */
public final class JsonWriter {
    private JsonWriter() {
    }

    /** Indented, for files people read; ends with a newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "", true);
        return sb.append('\n').toString();
    }

    /** On one line without spaces, for output other programs read. */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "", false);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, String indent, boolean pretty) {
        String inner = pretty ? indent + "  " : "";
        String nl = pretty ? "\n" : "";
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = nl;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep).append(inner);
                string(sb, String.valueOf(e.getKey()));
                sb.append(pretty ? ": " : ":");
                write(sb, e.getValue(), inner, pretty);
                sep = "," + nl;
            }
            sb.append(m.isEmpty() || !pretty ? "}" : nl + indent + "}");
        } else if (v instanceof List<?> l) {
            boolean flat = !pretty || l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? (flat && pretty ? ", " : ",") : "").append(flat ? "" : nl + inner);
                write(sb, l.get(i), inner, pretty);
            }
            sb.append(flat || l.isEmpty() ? "]" : nl + indent + "]");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            sb.append(!Double.isFinite(d) ? "null" : d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                    : String.format(Locale.ROOT, "%s", n));
        } else {
            sb.append(v);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
