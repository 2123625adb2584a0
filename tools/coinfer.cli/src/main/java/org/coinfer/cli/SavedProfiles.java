package org.coinfer.cli;

import java.nio.file.Path;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.ModelDescription;
import org.coinfer.model.HostProfiles;
import org.coinfer.model.LoadedModel;
import picocli.CommandLine.Option;

/** The options of commands that plan offline: a model and the two hosts' saved profiles of it. */
final class SavedProfiles {
    @Option(names = "--device-profile", required = true, paramLabel = "FILE", description = "The device's profile (coinfer profile --role device).")
    Path deviceProfile;

    @Option(names = "--edge-profile", required = true, paramLabel = "FILE", description = "The edge's profile (coinfer profile --role edge).")
    Path edgeProfile;

    @Option(names = "--model", paramLabel = "FILE.onnx", description = "The model (its manifest FILE.json beside it); default: the default model.")
    Path model;

    /** The model, and both profiles checked against it. */
    record Loaded(ModelDescription model, HostProfile device, HostProfile edge) {
    }

    Loaded load() throws Exception {
        ModelDescription m = (model == null ? DefaultModel.load() : LoadedModel.read(Main.existing(model))).description();
        return new Loaded(m, read(deviceProfile, Host.DEVICE, m), read(edgeProfile, Host.EDGE, m));
    }

    private static HostProfile read(Path file, Host role, ModelDescription model) throws Exception {
        HostProfile p = HostProfiles.read(file);
        HostProfiles.check(p, role, model, file.toString());
        return p;
    }
}
