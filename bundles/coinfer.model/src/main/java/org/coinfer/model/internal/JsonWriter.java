package org.coinfer.model.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes what {@link JsonReader} reads, indented, keys in their order. */
public final class JsonWriter {
    private JsonWriter() {
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, String indent) {
        String inner = indent + "  ";
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "\n";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep).append(inner);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), inner);
                sep = ",\n";
            }
            sb.append(m.isEmpty() ? "}" : "\n" + indent + "}");
        } else if (v instanceof List<?> l) {
            boolean flat = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? (flat ? ", " : ",") : "").append(flat ? "" : "\n" + inner);
                write(sb, l.get(i), inner);
            }
            sb.append(flat || l.isEmpty() ? "]" : "\n" + indent + "]");
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
