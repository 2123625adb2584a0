package org.coinfer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.model.json.JsonFields;
import org.coinfer.model.json.JsonWriter;

/**
 * Host profiles as versioned JSON files, so a profile measured on one machine can be planned
 * with anywhere (what-if planning), and a predictor from a device and an edge profile.
 *
 * <pre>{"format":"coinfer-host-profile","version":1,"model":ID,"contentHash":SHA256,"host":"device"|"edge",
 *  "backend":ENGINE,"emulation":TEXT,"machine":{...},"created":ISO-8601,
 *  "exits":[{"exit":1,"pathMs":[...]},...]}</pre>
 * {@code pathMs} is {@link HostProfile#pathMs()}: on the device the time of layers 1..c for every
 * cut c, on the edge the time of layers c+1..n. A profile written with what the profiler
 * measured besides ({@link #write(Path, Profiler.Measured, LoadedModel, Provenance)}) also has,
 * per exit, {@code "spread"} (each time's relative interquartile range over its rounds) and
 * {@code "layers"}: each layer's cost in context (the difference of two consecutive path times)
 * with its nodes' features, {@code [{"cut":c,"inContextMs":x,"nodes":[{"name","op","flops",
 * "params","inputBytes","outputBytes"}]}]}. Readers take {@code pathMs} and ignore the rest.
 */
public final class HostProfiles {
    public static final String FORMAT = "coinfer-host-profile";
    public static final int VERSION = 1;

    private HostProfiles() {
    }

    /**
     * How and where a profile was measured.
     *
     * @param backend the inference engine that ran the segments
     * @param emulation how the host was slowed to play a device, or "none"
     */
    public record Provenance(String backend, String emulation) {
    }

    public static void write(Path file, HostProfile profile, Provenance provenance) throws IOException {
        write(file, document(profile, provenance));
    }

    /** As {@link #write(Path, HostProfile, Provenance)}, with each time's spread and each layer's cost in context and features. */
    public static void write(Path file, Profiler.Measured measured, LoadedModel model, Provenance provenance) throws IOException {
        HostProfile profile = measured.profile();
        Map<String, Object> root = document(profile, provenance);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> exits = (List<Map<String, Object>>) root.get("exits");
        boolean device = profile.host() == Host.DEVICE;
        for (Exit e : model.description().exits()) {
            Map<String, Object> entry = exits.get(e.number() - 1);
            entry.put("spread", measured.spread().get(e.number() - 1));
            List<Double> t = profile.pathMs().get(e.number() - 1);
            List<Object> layers = new ArrayList<>();
            for (int c = 1; c <= e.layers(); c++) {
                Map<String, Object> layer = new LinkedHashMap<>();
                layer.put("cut", c);
                layer.put("inContextMs", device ? t.get(c) - t.get(c - 1) : t.get(c - 1) - t.get(c));
                layer.put("nodes", model.graph().nodesBetween(e.cut(c - 1).tensor(), e.cut(c).tensor()).stream().map(n -> {
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("name", n.name());
                    node.put("op", n.opType());
                    node.put("flops", n.flops());
                    node.put("params", n.params());
                    node.put("inputBytes", n.inputBytes());
                    node.put("outputBytes", n.outputBytes());
                    return node;
                }).toList());
                layers.add(layer);
            }
            entry.put("layers", layers);
        }
        write(file, root);
    }

    private static Map<String, Object> document(HostProfile profile, Provenance provenance) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", profile.modelId());
        root.put("contentHash", profile.contentHash());
        root.put("host", profile.host().name().toLowerCase(Locale.ROOT));
        root.put("backend", provenance.backend());
        root.put("emulation", provenance.emulation());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        root.put("machine", machine);
        root.put("created", Instant.now().toString());
        List<Map<String, Object>> exits = new ArrayList<>();
        for (int e = 0; e < profile.pathMs().size(); e++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exit", e + 1);
            m.put("pathMs", profile.pathMs().get(e));
            exits.add(m);
        }
        root.put("exits", exits);
        return root;
    }

    private static void write(Path file, Map<String, Object> root) throws IOException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JsonWriter.write(root));
        } catch (IOException e) {
            throw new IOException(file + ": cannot write the profile: " + e, e);
        }
    }

    /** Reads a profile; a file of another format or version, or a bad field, is an error naming the file and the field. */
    public static HostProfile read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IOException(file + ": cannot read it: " + e, e);
        }
        return parse(text, file.toString());
    }

    public static HostProfile parse(String text, String source) {
        JsonFields root = JsonFields.root(text, source);
        root.requireFormat(FORMAT, VERSION);
        Host host = switch (root.string("host")) {
            case "device" -> Host.DEVICE;
            case "edge" -> Host.EDGE;
            default -> throw root.error("host", "expected 'device' or 'edge', found '" + root.string("host") + "'");
        };
        List<List<Double>> paths = new ArrayList<>();
        List<Object> exits = root.list("exits");
        for (int i = 0; i < exits.size(); i++) {
            JsonFields e = root.object("exits").at(i);
            if (e.number("exit") != i + 1) {
                throw e.error(e.path() + ".exit", "expected " + (i + 1) + " (exits in order), found " + e.number("exit"));
            }
            List<Object> ms = e.list("pathMs");
            if (ms.size() < 2) {
                throw e.error(e.path() + ".pathMs", "expected a time for every cut (at least 2), found " + ms.size());
            }
            List<Double> path = new ArrayList<>();
            for (int c = 0; c < ms.size(); c++) {
                double t = e.object("pathMs").at(c).real();
                if (!(t >= 0)) {
                    throw e.error(e.path() + ".pathMs[" + c + "]", "expected a time of at least 0 ms, found " + t);
                }
                path.add(t);
            }
            paths.add(path);
        }
        if (paths.isEmpty()) {
            throw root.error("exits", "expected at least one exit, found none");
        }
        return new HostProfile(root.string("model"), root.string("contentHash"), host, paths);
    }

    /**
     * Checks that a profile describes this model as a host of this role: same content, one
     * path per exit, a time per cut. Throws naming {@code source}, the field, expected and found.
     */
    public static void check(HostProfile p, Host role, ModelDescription model, String source) {
        if (p.host() != role) {
            throw new IllegalArgumentException(source + ": field 'host': expected " + name(role) + ", found " + name(p.host()));
        }
        if (!p.contentHash().equals(model.contentHash())) {
            throw new IllegalArgumentException(source + ": field 'contentHash': expected " + model.contentHash() + " (model "
                    + model.id() + "), found " + p.contentHash() + " (a profile of model " + p.modelId() + " with other content)");
        }
        if (p.pathMs().size() != model.exits().size()) {
            throw new IllegalArgumentException(source + ": field 'exits': expected " + model.exits().size() + " exits (model "
                    + model.id() + "), found " + p.pathMs().size());
        }
        for (Exit e : model.exits()) {
            int found = p.pathMs().get(e.number() - 1).size();
            if (found != e.cuts().size()) {
                throw new IllegalArgumentException(source + ": field 'exits[" + (e.number() - 1) + "].pathMs': expected "
                        + e.cuts().size() + " times (one per cut of exit " + e.number() + "), found " + found);
            }
        }
    }

    /** Predicts from two profiles of one model, as the device does once both are measured. */
    public static LatencyPredictor predictor(HostProfile device, HostProfile edge) {
        return new LatencyPredictor() {
            @Override
            public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
                return (host == Host.DEVICE ? device : edge).rangeMs(exit, fromCut, toCut);
            }

            @Override
            public boolean covers(ModelDescription model) {
                return model.contentHash().equals(device.contentHash()) && model.contentHash().equals(edge.contentHash());
            }
        };
    }

    private static String name(Host h) {
        return h.name().toLowerCase(Locale.ROOT);
    }
}
