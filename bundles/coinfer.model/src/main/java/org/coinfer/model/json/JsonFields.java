package org.coinfer.model.json;

import java.util.List;
import java.util.Map;

/**
 * A JSON value with the file it came from and the path that led to it, so every error names
 * the file, the field, what was expected and what was found.
 *
 * @param path dotted path of this value from the root ({@code exits[2].output}), empty at the root
 */
public record JsonFields(String source, String path, Object value) {
    /** The root of a parsed document. */
    public static JsonFields root(String text, String source) {
        return new JsonFields(source, "", JsonReader.parse(text, source));
    }

    private Object get(String key) {
        if (!(value instanceof Map<?, ?> m)) {
            throw error(path, "expected an object, found " + value);
        }
        if (!m.containsKey(key)) {
            throw new IllegalArgumentException(source + ": field '" + name(key) + "' is missing");
        }
        return m.get(key);
    }

    public boolean has(String key) {
        return value instanceof Map<?, ?> m && m.containsKey(key) && m.get(key) != null;
    }

    private String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public JsonFields object(String key) {
        return new JsonFields(source, name(key), get(key));
    }

    /** Element {@code i} of this list. */
    public JsonFields at(int i) {
        if (!(value instanceof List<?> l)) {
            throw error(path, "expected a list, found " + value);
        }
        return new JsonFields(source, path + "[" + i + "]", l.get(i));
    }

    public String string(String key) {
        Object v = get(key);
        if (!(v instanceof String s)) {
            throw error(name(key), "expected a string, found " + v);
        }
        return s;
    }

    public double real(String key) {
        return object(key).real();
    }

    /** This value as a number. */
    public double real() {
        if (!(value instanceof Double d)) {
            throw error(path, "expected a number, found " + value);
        }
        return d;
    }

    /** This value as an integer. */
    public long number() {
        if (!(value instanceof Double d) || d != Math.rint(d)) {
            throw error(path, "expected an integer, found " + value);
        }
        return d.longValue();
    }

    public long number(String key) {
        return object(key).number();
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String key) {
        Object v = get(key);
        if (!(v instanceof List<?>)) {
            throw error(name(key), "expected a list, found " + v);
        }
        return (List<Object>) v;
    }

    /** Checks a versioned document's {@code format} and {@code version} fields, which every Coinfer file begins with. */
    public void requireFormat(String format, long version) {
        if (!format.equals(string("format"))) {
            throw error("format", "expected '" + format + "', found '" + string("format") + "'");
        }
        if (number("version") != version) {
            throw error("version", "expected " + version + ", found " + number("version"));
        }
    }

    /** An error about a field of this document: {@code SOURCE: field 'FIELD': MESSAGE}. */
    public IllegalArgumentException error(String field, String message) {
        return new IllegalArgumentException(source + ": field '" + field + "': " + message);
    }
}
