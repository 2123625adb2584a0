package org.coinfer.predictor.regression;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coinfer.api.CutPoint;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.json.JsonFields;
import org.coinfer.model.json.JsonWriter;
import org.coinfer.onnx.OnnxNode;

/**
 * One host's fitted latency model. A part of a path (the layers one session runs) costs a fixed
 * run overhead, a cost per byte of the tensor it receives and of the one it returns, and one
 * term per layer: that layer type's per-node cost plus its coefficients times its features,
 * linear or logarithmic ({@code ln(1+x)}) as cross-validation chose, clamped at zero.
 *
 * <p>As JSON ({@value #FORMAT}, version {@value #VERSION}):
 * <pre>{"format":"coinfer-layer-model","version":1,"host":"device"|"edge","backend":ENGINE,
 *  "samples":N,"crossValidatedRelError":X,"runMs":A,"inputMsPerByte":B,"outputMsPerByte":C,
 *  "layers":[{"kind":"convolution","form":"linear"|"log","perNodeMs":D,"coefficients":{"flops":E,...}},...],
 *  "load":{"ms":F,"msPerByte":G}}</pre>
 *
 * @param backend the inference engine it was measured on ({@code InferenceBackend.engine()}, which names an emulation too)
 * @param samples how many measured parts it was fitted on
 * @param crossValidatedRelError median absolute relative error on parts of models left out of the fit
 * @param load segment loading time against the segment's size
 */
public record LayerModel(Host host, String backend, int samples, double crossValidatedRelError,
        double runMs, double inputMsPerByte, double outputMsPerByte, Map<LayerKind, Term> layers, Load load) {
    public static final String FORMAT = "coinfer-layer-model";
    public static final int VERSION = 1;

    public LayerModel {
        layers = Map.copyOf(layers);
    }

    /** How a layer type's features enter its term. */
    public enum Form {
        LINEAR, LOG;

        double apply(double x) {
            return this == LINEAR ? x : Math.log1p(x);
        }
    }

    /** One layer type's term: {@code perNodeMs + sum(coefficients[i] * form(feature[i]))} per node. */
    public record Term(Form form, double perNodeMs, List<Double> coefficients) {
        public Term {
            coefficients = List.copyOf(coefficients);
        }

        double ms(double[] features) {
            double t = perNodeMs;
            for (int i = 0; i < features.length; i++) {
                t += coefficients.get(i) * form.apply(features[i]);
            }
            return t;
        }
    }

    /** Loading time of a segment: {@code ms + msPerByte * bytes}, at least 0. */
    public record Load(double ms, double msPerByte) {
        public double ms(long bytes) {
            return Math.max(0, ms + msPerByte * bytes);
        }
    }

    /** Predicted time of one node in context, at least 0; a layer type the fit never saw costs nothing. */
    public double nodeMs(OnnxNode node) {
        LayerKind kind = LayerKind.of(node.opType());
        Term t = layers.get(kind);
        return t == null ? 0 : Math.max(0, t.ms(kind.features(node)));
    }

    /** Predicted time of a session running {@code nodes}, receiving {@code inputBytes} and returning {@code outputBytes}. */
    public double partMs(List<OnnxNode> nodes, long inputBytes, long outputBytes) {
        double t = runMs + inputMsPerByte * inputBytes + outputMsPerByte * outputBytes;
        for (OnnxNode n : nodes) {
            t += nodeMs(n);
        }
        return Math.max(0, t);
    }

    /**
     * The profile this host would measure of a model, predicted: every prefix on the device,
     * every suffix on the edge, as {@link HostProfile#pathMs()}.
     *
     * @throws IllegalArgumentException naming the node when a layer's features are unknown
     */
    public HostProfile predict(LoadedModel model) {
        List<List<Double>> paths = new ArrayList<>();
        for (Exit e : model.description().exits()) {
            List<Double> path = new ArrayList<>();
            for (int c = 0; c <= e.layers(); c++) {
                int from = host == Host.DEVICE ? 0 : c;
                int to = host == Host.DEVICE ? c : e.layers();
                path.add(from == to ? 0.0 : partMs(model, e, from, to));
            }
            paths.add(path);
        }
        return new HostProfile(model.id(), model.description().contentHash(), host, paths);
    }

    /** Predicted time of layers {@code from+1 .. to} of an exit's path run as one session. */
    public double partMs(LoadedModel model, Exit exit, int from, int to) {
        CutPoint a = exit.cut(from);
        CutPoint b = exit.cut(to);
        return partMs(model.graph().nodesBetween(a.tensor(), b.tensor()), a.bytes(), b.bytes());
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("host", host.name().toLowerCase(Locale.ROOT));
        root.put("backend", backend);
        root.put("samples", samples);
        root.put("crossValidatedRelError", crossValidatedRelError);
        root.put("runMs", runMs);
        root.put("inputMsPerByte", inputMsPerByte);
        root.put("outputMsPerByte", outputMsPerByte);
        List<Object> list = new ArrayList<>();
        for (LayerKind k : LayerKind.values()) {
            Term t = layers.get(k);
            if (t == null) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", name(k));
            m.put("form", name(t.form()));
            m.put("perNodeMs", t.perNodeMs());
            Map<String, Object> c = new LinkedHashMap<>();
            for (int i = 0; i < k.featureNames().size(); i++) {
                c.put(k.featureNames().get(i), t.coefficients().get(i));
            }
            m.put("coefficients", c);
            list.add(m);
        }
        root.put("layers", list);
        root.put("load", Map.of("ms", load.ms(), "msPerByte", load.msPerByte()));
        return JsonWriter.write(root);
    }

    /** Reads {@link #toJson}; another format or version, or a bad field, is an error naming {@code source} and the field. */
    public static LayerModel parse(String json, String source) {
        JsonFields root = JsonFields.root(json, source);
        root.requireFormat(FORMAT, VERSION);
        Host host = constant(Host.class, root, "host");
        Map<LayerKind, Term> layers = new EnumMap<>(LayerKind.class);
        for (int i = 0; i < root.list("layers").size(); i++) {
            JsonFields l = root.object("layers").at(i);
            LayerKind kind = constant(LayerKind.class, l, "kind");
            if (layers.containsKey(kind)) {
                throw l.error(l.path() + ".kind", "expected each layer type once, found " + name(kind) + " again");
            }
            JsonFields c = l.object("coefficients");
            List<Double> coefficients = new ArrayList<>();
            for (String f : kind.featureNames()) {
                coefficients.add(finite(c, f));
            }
            layers.put(kind, new Term(constant(Form.class, l, "form"), finite(l, "perNodeMs"), coefficients));
        }
        JsonFields load = root.object("load");
        return new LayerModel(host, root.string("backend"), (int) root.number("samples"),
                finite(root, "crossValidatedRelError"), finite(root, "runMs"), finite(root, "inputMsPerByte"),
                finite(root, "outputMsPerByte"), layers, new Load(finite(load, "ms"), finite(load, "msPerByte")));
    }

    private static double finite(JsonFields f, String key) {
        double v = f.real(key);
        if (!Double.isFinite(v)) {
            throw f.error(f.path().isEmpty() ? key : f.path() + "." + key, "expected a finite number, found " + v);
        }
        return v;
    }

    private static <E extends Enum<E>> E constant(Class<E> type, JsonFields f, String key) {
        String s = f.string(key);
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(s)) {
                return e;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(LayerModel::name).toList();
        throw f.error(f.path().isEmpty() ? key : f.path() + "." + key, "expected one of " + names + ", found '" + s + "'");
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
