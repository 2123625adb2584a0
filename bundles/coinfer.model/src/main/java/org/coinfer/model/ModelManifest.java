package org.coinfer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coinfer.api.DType;
import org.coinfer.api.TensorSpec;
import org.coinfer.model.json.JsonFields;
import org.coinfer.model.json.JsonReader;
import org.coinfer.model.json.JsonWriter;
import org.coinfer.onnx.OnnxGraph;

/**
 * The JSON that travels with a multi-exit ONNX model: its id, its input and preprocessing, its
 * labels, and its exits in order from the earliest with each one's output name and measured
 * accuracy. Errors name the manifest, the field, and what was expected against what was found.
 *
 * @param sha256 of the ONNX file, or empty when the manifest does not pin it
 */
public record ModelManifest(String id, String file, String sha256, TensorSpec input, String preprocessing,
                            List<String> labels, List<ExitEntry> exits) {
    /** One exit: the ONNX output holding its scores, and its accuracy (NaN when not measured). */
    public record ExitEntry(String output, double accuracy) {
    }

    public ModelManifest {
        labels = List.copyOf(labels);
        exits = List.copyOf(exits);
    }

    public static ModelManifest read(Path json) throws IOException {
        return parse(Files.readString(json), json.toString());
    }

    public static ModelManifest parse(String text, String source) {
        JsonFields root = JsonFields.root(text, source);
        JsonFields in = root.object("input");
        List<Object> dims = in.list("shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.object("shape").at(i).number();
        }
        List<ExitEntry> exits = new ArrayList<>();
        List<Object> list = root.list("exits");
        for (int i = 0; i < list.size(); i++) {
            JsonFields e = root.object("exits").at(i);
            exits.add(new ExitEntry(e.string("output"), e.has("accuracy") ? e.real("accuracy") : Double.NaN));
        }
        if (exits.isEmpty()) {
            throw new IllegalArgumentException(source + ": field 'exits': expected at least one exit, found none");
        }
        List<String> labels = new ArrayList<>();
        for (Object l : root.has("labels") ? root.list("labels") : List.of()) {
            labels.add(String.valueOf(l));
        }
        return new ModelManifest(root.string("id"), root.has("file") ? root.string("file") : "",
                root.has("sha256") ? root.string("sha256") : "",
                new TensorSpec(in.string("name"), dtype(source, in.string("dtype")), shape),
                in.has("preprocessing") ? in.string("preprocessing") : "", labels, exits);
    }

    /**
     * The manifest text with each exit's accuracy replaced by a new measurement; every other
     * field is kept as it was.
     */
    @SuppressWarnings("unchecked")
    public static String withAccuracies(String text, String source, double[] accuracies) {
        Object root = JsonReader.parse(text, source);
        List<Object> exits = new JsonFields(source, "", root).list("exits");
        if (exits.size() != accuracies.length) {
            throw new IllegalArgumentException(source + ": field 'exits': expected " + accuracies.length + " exits, found " + exits.size());
        }
        for (int i = 0; i < accuracies.length; i++) {
            ((Map<String, Object>) exits.get(i)).put("accuracy", accuracies[i]);
        }
        return JsonWriter.write(root);
    }

    /** Checks the manifest against the model it describes; throws naming both files on the first mismatch. */
    public void check(OnnxGraph graph, byte[] onnx, String manifestSource) {
        String model = graph.source();
        for (int i = 0; i < exits.size(); i++) {
            if (!graph.outputs().contains(exits.get(i).output())) {
                throw new IllegalArgumentException(manifestSource + ": field 'exits[" + i + "].output': expected one of "
                        + graph.outputs() + " (outputs of " + model + "), found '" + exits.get(i).output() + "'");
            }
        }
        TensorSpec actual = graph.input();
        mismatch(manifestSource, "input.name", actual.name(), input.name(), model);
        mismatch(manifestSource, "input.dtype", actual.dtype().toString(), input.dtype().toString(), model);
        mismatch(manifestSource, "input.shape", Arrays.toString(actual.shape()), Arrays.toString(input.shape()), model);
        if (!sha256.isEmpty()) {
            mismatch(manifestSource, "sha256", LoadedModel.sha256(onnx), sha256.toLowerCase(Locale.ROOT), model);
        }
    }

    private static void mismatch(String source, String field, String expected, String found, String model) {
        if (!expected.equals(found)) {
            throw new IllegalArgumentException(source + ": field '" + field + "': expected " + expected + " (from " + model
                    + "), found " + found);
        }
    }

    private static DType dtype(String source, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "float" -> DType.FLOAT32;
            case "float64", "double" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "int32" -> DType.INT32;
            case "uint8" -> DType.UINT8;
            case "int8" -> DType.INT8;
            default -> throw new IllegalArgumentException(source + ": field 'input.dtype': expected float32, float64, int64, int32, uint8 or int8, found '" + name + "'");
        };
    }
}
