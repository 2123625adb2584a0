package org.coinfer.cli;

import java.util.List;
import java.util.Map;
import org.coinfer.api.InferenceBackend;
import org.coinfer.backend.djl.internal.DjlBackend;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.backend.tensorflow.internal.TfBackend;
import org.coinfer.testing.ComponentConfigs;

/** The inference engines the tools run outside a container, by the name containers configure them with. */
final class Backends {
    static final List<String> NAMES = List.of("onnxruntime", "tensorflow", "djl");
    /** Where TensorFlow's natives unpack, as in the containers (the coinfer script sets it). */
    static final String TF_NATIVES = "coinfer.tensorflow.natives";

    private Backends() {
    }

    /** A new backend with its default configuration; an unknown name is an error listing the known ones. */
    static InferenceBackend create(String name) {
        try {
            return switch (name) {
                case "onnxruntime" -> new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
                case "tensorflow" -> new TfBackend(ComponentConfigs.of(TfBackend.Config.class, Map.of()), System.getProperty(TF_NATIVES));
                case "djl" -> new DjlBackend(ComponentConfigs.of(DjlBackend.Config.class, Map.of()));
                default -> throw new IllegalArgumentException("--backend: unknown engine '" + name + "', expected one of " + NAMES);
            };
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException("--backend " + name + ": the engine's jars are not on the class path ("
                    + e.getMessage() + "); run through the coinfer script, which adds them");
        }
    }
}
