package org.coinfer.cli;

import java.util.List;
import java.util.Map;
import org.coinfer.api.InferenceBackend;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.testing.ComponentConfigs;

/** The inference engines the tools run outside a container, by the name containers configure them with. */
final class Backends {
    static final List<String> NAMES = List.of("onnxruntime");

    private Backends() {
    }

    /** A new backend with its default configuration; an unknown name is an error listing the known ones. */
    static InferenceBackend create(String name) {
        return switch (name) {
            case "onnxruntime" -> new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
            default -> throw new IllegalArgumentException("--backend: unknown engine '" + name + "', expected one of " + NAMES);
        };
    }
}
