package org.coinfer.onnx.program;

import java.util.List;
import java.util.Map;
import org.coinfer.api.Tensor;

/**
 * One operator an engine must run.
 *
 * @param name the node's name, or its op type and index when the model leaves it empty
 * @param inputs value names; an absent optional input is the empty string, as in ONNX
 * @param attributes by name: {@code Long}, {@code Float}, {@code String}, {@code long[]},
 *     {@code float[]} or {@link Tensor}
 */
public record Op(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
    public Op {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    public boolean has(String attr) {
        return attributes.containsKey(attr);
    }

    public long i(String attr, long dflt) {
        return get(attr, Long.class, dflt);
    }

    public float f(String attr, float dflt) {
        return get(attr, Float.class, dflt);
    }

    public String s(String attr, String dflt) {
        return get(attr, String.class, dflt);
    }

    /** The integers of a list attribute, or null when absent. */
    public long[] ints(String attr) {
        long[] v = get(attr, long[].class, null);
        return v == null ? null : v.clone();
    }

    /** The floats of a list attribute, or null when absent. */
    public float[] floats(String attr) {
        float[] v = get(attr, float[].class, null);
        return v == null ? null : v.clone();
    }

    /** Whether input {@code i} is given (present and not the empty name). */
    public boolean hasInput(int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty();
    }

    private <T> T get(String attr, Class<T> type, T dflt) {
        Object v = attributes.get(attr);
        if (v == null) {
            return dflt;
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("node '" + name + "' (" + opType + "): attribute '" + attr
                    + "' is " + v.getClass().getSimpleName() + ", expected " + type.getSimpleName());
        }
        return type.cast(v);
    }
}
