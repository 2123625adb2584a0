package org.coinfer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelManifest;

/** The model containers serve by default: the shipped trained model when it is on the class path, else the built-in CNN. */
final class DefaultModel {
    static final String MANIFEST = "models/b-alexnet.json";

    private DefaultModel() {
    }

    static LoadedModel load() throws IOException {
        byte[] json = resource(MANIFEST);
        if (json == null) {
            return LoadedModel.demo();
        }
        ModelManifest m = ModelManifest.parse(new String(json, StandardCharsets.UTF_8), MANIFEST);
        String onnx = "models/" + m.file();
        byte[] bytes = resource(onnx);
        if (bytes == null) {
            throw new IOException(onnx + " is missing beside " + MANIFEST);
        }
        return LoadedModel.of(m, bytes, onnx, MANIFEST);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = DefaultModel.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
