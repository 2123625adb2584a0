package org.coinfer.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coinfer.api.Host;
import org.coinfer.api.InferenceBackend;
import org.coinfer.device.emulation.SlowedBackend;
import org.coinfer.model.HostProfiles;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Profiler;
import org.coinfer.model.ProfilerConfig;
import org.coinfer.testing.ComponentConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coinfer profile}: measures a model on this machine as a device or an edge container
 * would (the same backend settings, profiler and, with {@code --emulate-device}, the demo's
 * device emulation), and writes the profile as JSON for {@code coinfer plan}.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Profile a model on this machine as a device or an edge, and write the profile as JSON.")
final class ProfileHost implements Callable<Integer> {
    @Option(names = "--role", required = true, description = "device (times every prefix) or edge (every suffix).")
    String role;

    @Option(names = "--emulate-device", arity = "0..1", fallbackValue = "10", paramLabel = "SLOWDOWN",
            description = "Profile under the demo's device emulation: every computation stretched SLOWDOWN times (default 10).")
    Double slowdown;

    @Option(names = "--backend", paramLabel = "ENGINE", defaultValue = "onnxruntime",
            description = "Engine to time: onnxruntime (default), tensorflow or djl; the profile records it.")
    String engine;

    @Option(names = "--model", paramLabel = "FILE.onnx", description = "The model (its manifest FILE.json beside it); default: the default model.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the profile.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Host host = switch (role.toLowerCase(Locale.ROOT)) {
            case "device" -> Host.DEVICE;
            case "edge" -> Host.EDGE;
            default -> throw new IllegalArgumentException("--role: expected device or edge, found '" + role + "'");
        };
        if (slowdown != null && host != Host.DEVICE) {
            throw new IllegalArgumentException("--emulate-device: only with --role device, found --role " + role);
        }
        if (slowdown != null && !(slowdown >= 1)) {
            throw new IllegalArgumentException("--emulate-device: expected a slowdown of at least 1, found " + slowdown);
        }
        LoadedModel m = model == null ? DefaultModel.load() : LoadedModel.read(Main.existing(model));
        // The containers' backend as configured by default (ONNX Runtime: one intra-op and one inter-op thread).
        InferenceBackend backend = Backends.create(engine);
        String emulation = "none";
        if (slowdown != null) {
            backend = new SlowedBackend(backend, slowdown);
            emulation = "every computation stretched " + slowdown + "x (coinfer profile --emulate-device)";
        }
        Profiler profiler = Profiler.of(ComponentConfigs.of(ProfilerConfig.class, Map.of()));
        System.err.printf(Locale.ROOT, "profiling %s as the %s (%s)%n", m.id(), role, emulation);
        Profiler.Measured p = profiler.measure(backend, m, host, (done, total) -> {
            if (done == total || done % Math.max(1, total / 10) == 0) {
                System.err.printf(Locale.ROOT, "  %d/%d parts timed%n", done, total);
            }
        });
        HostProfiles.write(out, p, m, new HostProfiles.Provenance(backend.engine(), emulation));
        System.out.println(out);
        return 0;
    }
}
