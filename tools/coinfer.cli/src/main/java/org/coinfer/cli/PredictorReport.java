package org.coinfer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.coinfer.api.Host;
import org.coinfer.api.InferenceBackend;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.device.emulation.SlowedBackend;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Profiler;
import org.coinfer.model.ProfilerConfig;
import org.coinfer.model.json.JsonWriter;
import org.coinfer.predictor.regression.HostTimings;
import org.coinfer.predictor.regression.LayerModel;
import org.coinfer.predictor.regression.LayerModelFit;
import org.coinfer.predictor.regression.Sweep;
import org.coinfer.testing.ComponentConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coinfer predictor report}: how well the per-layer regression predicts a model it was
 * not fitted on. On this machine, as a device (under the demo's device emulation) and as an
 * edge, it times the layer sweep and every model, fits on all but the held-out model, and
 * compares prediction with measurement on the held-out one, per layer and per plan.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Fit the per-layer regression on the layer sweep and every model but one, and report how well it predicts "
                + "the one held out, per layer and per plan, as text or JSON, with a CSV and a PNG scatter.")
final class PredictorReport implements Callable<Integer> {
    @Option(names = "--role", defaultValue = "both", description = "device, edge or both (default both).")
    String role;

    @Option(names = "--held-out", paramLabel = "MODEL", description = "The model left out of the fit, or 'all' for each in turn "
            + "(default: the default model).")
    String heldOut;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "predictor-report", description = "Where the CSV and PNG go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--models", paramLabel = "DIR", defaultValue = "${sys:coinfer.fixtures}",
            description = "More models to fit on and hold out: every .onnx in DIR (default: the PyTorch-exported fixtures).")
    Path models;

    @Option(names = "--device-slowdown", paramLabel = "X", defaultValue = "10",
            description = "The device role's emulation: every computation stretched X times, as in the demo (default ${DEFAULT-VALUE}; 1: none).")
    double slowdown;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "3",
            description = "Times each model is profiled, all models in each pass; each part's median is kept (default ${DEFAULT-VALUE}): "
                    + "a layer's in-context cost is a difference of two times, and must stand out of their noise.")
    int passes;

    @Option(names = "--round-ms", paramLabel = "MS", defaultValue = "30",
            description = "Least duration of each of a model's timed rounds (default ${DEFAULT-VALUE}, as in the containers).")
    double roundMs;

    @Option(names = "--timings", paramLabel = "DIR", description = "Fit on the timings a previous report saved (its --out DIR's "
            + "timings/ folder) instead of timing again: to compare fits on the same measurements.")
    Path reuse;

    @Option(names = "--sweep", paramLabel = "N", defaultValue = "" + Sweep.MODELS, description = "Synthetic sweep models (default ${DEFAULT-VALUE}).")
    int sweep;

    @Override
    public Integer call() throws Exception {
        List<Host> roles = roles(role);
        if (!(slowdown >= 1)) {
            throw new IllegalArgumentException("--device-slowdown: expected at least 1, found " + slowdown);
        }
        if (passes < 1) {
            throw new IllegalArgumentException("--passes: expected at least 1, found " + passes);
        }
        if (sweep < 0) {
            throw new IllegalArgumentException("--sweep: expected 0 or more models, found " + sweep);
        }
        List<LoadedModel> real = realModels();
        List<String> heldOuts = heldOuts(real);
        Map<Host, HostTimings> timings = new EnumMap<>(Host.class);
        List<LoadedModel> swept = Sweep.models(sweep, Sweep.SEED);
        for (Host h : roles) {
            timings.put(h, reuse != null ? TimingFiles.read(reuse.resolve(role(h)), h, swept, real) : time(h, swept, real));
            if (reuse == null) {
                TimingFiles.write(out.resolve("timings").resolve(role(h)), timings.get(h), engine(h));
            }
        }
        List<HeldOutAccuracy> reports = new ArrayList<>();
        for (String h : heldOuts) {
            Map<Host, HeldOutAccuracy.Role> byRole = new EnumMap<>(Host.class);
            for (Host r : roles) {
                HostTimings t = timings.get(r);
                LayerModel fitted = LayerModelFit.fit(r, engine(r), t.without(h).samples(), t.loads());
                Files.createDirectories(out);
                Files.writeString(out.resolve("layer-model-" + role(r) + "-without-" + h + ".json"), fitted.toJson());
                LoadedModel m = real.stream().filter(x -> x.id().equals(h)).findFirst().orElseThrow();
                byRole.put(r, HeldOutAccuracy.Role.of(m, t.profiles().get(h), fitted.predict(m)));
            }
            reports.add(new HeldOutAccuracy(h, byRole));
        }
        Files.createDirectories(out);
        Path csv = out.resolve("predictor-report.csv");
        HeldOutAccuracy.writeCsv(csv, reports);
        Path png = HeldOutAccuracy.plot(reports, out.resolve("predictor-report.png"));
        if (json) {
            Object body = reports.size() == 1 ? reports.get(0).json() : reports.stream().map(HeldOutAccuracy::json).toList();
            System.out.println(JsonWriter.compact(body));
        } else {
            reports.forEach(r -> System.out.print(r.text()));
            System.out.println("rows: " + csv + "\nplot: " + png);
        }
        return 0;
    }

    private static List<Host> roles(String role) {
        return switch (role.toLowerCase(Locale.ROOT)) {
            case "device" -> List.of(Host.DEVICE);
            case "edge" -> List.of(Host.EDGE);
            case "both" -> List.of(Host.DEVICE, Host.EDGE);
            default -> throw new IllegalArgumentException("--role: expected device, edge or both, found '" + role + "'");
        };
    }

    /** The default model, then every model of --models by file name. */
    private List<LoadedModel> realModels() throws IOException {
        List<LoadedModel> list = new ArrayList<>(List.of(DefaultModel.load()));
        if (models != null && !models.toString().isEmpty() && !"null".equals(models.toString())) {
            if (!Files.isDirectory(models)) {
                throw new IllegalArgumentException("--models: " + models + " is not a directory");
            }
            try (Stream<Path> files = Files.list(models)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList()) {
                    LoadedModel m = LoadedModel.read(f);
                    if (list.stream().anyMatch(x -> x.id().equals(m.id()))) {
                        throw new IllegalArgumentException(f + ": a second model with id " + m.id());
                    }
                    list.add(m);
                }
            }
        }
        return list;
    }

    private List<String> heldOuts(List<LoadedModel> real) {
        List<String> ids = real.stream().map(LoadedModel::id).toList();
        if (heldOut == null) {
            return List.of(ids.get(0));
        }
        if (heldOut.equals("all")) {
            return ids;
        }
        if (!ids.contains(heldOut)) {
            throw new IllegalArgumentException("--held-out: expected one of " + ids + " or 'all', found '" + heldOut + "'");
        }
        return List.of(heldOut);
    }

    private static String role(Host h) {
        return h.name().toLowerCase(Locale.ROOT);
    }

    private InferenceBackend backend(Host host) {
        InferenceBackend backend = new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
        return host == Host.DEVICE && slowdown > 1 ? new SlowedBackend(backend, slowdown) : backend;
    }

    private String engine(Host host) {
        return host == Host.DEVICE && slowdown > 1 ? "onnxruntime, every computation stretched " + slowdown + "x" : "onnxruntime";
    }

    /** The sweep and the models, timed as the containers time them, with progress on stderr. */
    private HostTimings time(Host host, List<LoadedModel> swept, List<LoadedModel> real) throws Exception {
        InferenceBackend backend = backend(host);
        String name = role(host) + (host == Host.DEVICE && slowdown > 1 ? " (every computation stretched " + slowdown + "x)" : "");
        String who = name;
        HostTimings.Progress progress = (id, done, total) ->
                System.err.printf(Locale.ROOT, "  %s: %s timed (%d/%d)%n", who, id, done, total);
        System.err.printf(Locale.ROOT, "timing the layer sweep and %d models as the %s%n", real.size(), name);
        HostTimings sweepTimings = HostTimings.measure(backend, host, swept, Sweep.profiler(), progress);
        Profiler profiler = Profiler.of(ComponentConfigs.of(ProfilerConfig.class, Map.of("roundMs", roundMs)));
        return sweepTimings.and(HostTimings.measure(backend, host, real, profiler, passes, progress));
    }

    static Map<String, Object> ordered() {
        return new LinkedHashMap<>();
    }
}
