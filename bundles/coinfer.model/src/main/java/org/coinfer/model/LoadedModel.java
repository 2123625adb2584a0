package org.coinfer.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.coinfer.api.CutPoint;
import org.coinfer.api.Exit;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.SegmentKey;
import org.coinfer.onnx.DemoModels;
import org.coinfer.onnx.OnnxGraph;

/**
 * A parsed multi-exit ONNX model: its description (exits and their cut points) and, on
 * demand, the standalone segment between any two cuts of an exit's path.
 */
public final class LoadedModel {
    private final OnnxGraph graph;
    private final ModelDescription description;
    /**
     * Extracted segments, softly held: a device that profiles every prefix of every exit would
     * otherwise keep several copies of the model's weights (about 100 MB for B-AlexNet) in a
     * 256 MB heap; extracting again is deterministic, so the GC may take them back.
     */
    private final Map<SegmentKey, SoftReference<byte[]>> segments = new ConcurrentHashMap<>();

    private LoadedModel(OnnxGraph graph, ModelDescription description) {
        this.graph = graph;
        this.description = description;
    }

    /** Id of the built-in demonstration CNN. */
    public static final String DEMO_ID = "demo-cnn";
    /** Its seed: device and edge build byte-identical models from it. */
    static final long DEMO_SEED = 2018;

    /** The built-in multi-exit CNN with seeded random weights, for demos when no trained model is installed. */
    public static LoadedModel demo() {
        return of(DEMO_ID, DemoModels.multiExitCnn(DEMO_SEED), "built-in " + DEMO_ID, List.of());
    }

    /**
     * Reads a model. Every graph output is an exit, in graph order.
     *
     * @param accuracies measured top-1 accuracy per exit; empty when not measured
     */
    public static LoadedModel of(String id, byte[] onnx, String source, List<Double> accuracies) {
        OnnxGraph graph = OnnxGraph.parse(onnx, source);
        return of(id, onnx, graph, graph.outputs(), accuracies);
    }

    /** Reads a model with its manifest, which names the exits and their accuracies and must match the graph. */
    public static LoadedModel of(ModelManifest manifest, byte[] onnx, String source, String manifestSource) {
        OnnxGraph graph = OnnxGraph.parse(onnx, source);
        manifest.check(graph, onnx, manifestSource);
        return of(manifest.id(), onnx, graph, manifest.exits().stream().map(ModelManifest.ExitEntry::output).toList(),
                manifest.exits().stream().map(ModelManifest.ExitEntry::accuracy).toList());
    }

    private static LoadedModel of(String id, byte[] onnx, OnnxGraph graph, List<String> outputs, List<Double> accuracies) {
        String source = graph.source();
        if (!accuracies.isEmpty() && accuracies.size() != outputs.size()) {
            throw new IllegalArgumentException(source + ": " + outputs.size() + " exits but " + accuracies.size() + " accuracies");
        }
        List<Exit> exits = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            List<CutPoint> cuts = graph.cuts(outputs.get(i));
            for (CutPoint c : cuts) {
                if (c.bytes() < 0) {
                    throw new IllegalArgumentException(source + ": cannot tell the size of tensor '" + c.tensor()
                            + "' on the path of output '" + outputs.get(i) + "'");
                }
            }
            exits.add(new Exit(i + 1, outputs.get(i), accuracies.isEmpty() ? Double.NaN : accuracies.get(i), cuts));
        }
        return new LoadedModel(graph, new ModelDescription(id, sha256(onnx), graph.input(), exits));
    }

    /**
     * Reads a model file; with a manifest next to it (same name, {@code .json}) the manifest
     * gives the id and exits, otherwise the id is the file name and every output is an exit.
     */
    public static LoadedModel read(Path file) {
        try {
            String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
            Path json = file.resolveSibling(name + ".json");
            byte[] onnx = Files.readAllBytes(file);
            if (Files.isRegularFile(json)) {
                return of(ModelManifest.read(json), onnx, file.toString(), json.toString());
            }
            return of(name, onnx, file.toString(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read model: " + e.getMessage(), e);
        }
    }

    public String id() {
        return description.id();
    }

    public ModelDescription description() {
        return description;
    }

    public OnnxGraph graph() {
        return graph;
    }

    /** The standalone ONNX model of layers {@code from+1 .. to} of an exit's path, kept while memory allows. */
    public byte[] segment(SegmentKey key) {
        if (!key.modelId().equals(id())) {
            throw new IllegalArgumentException("segment " + key + " is not of model " + id());
        }
        SoftReference<byte[]> held = segments.get(key);
        byte[] bytes = held == null ? null : held.get();
        if (bytes == null) {
            List<CutPoint> cuts = description.exit(key.exit()).cuts();
            bytes = graph.extract(cuts.get(key.fromCut()).tensor(), cuts.get(key.toCut()).tensor());
            segments.put(key, new SoftReference<>(bytes));
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
