package org.coinfer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.model.HostProfiles;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Profiler;
import org.coinfer.predictor.regression.HostTimings;
import org.coinfer.predictor.regression.PathSample;
import org.coinfer.predictor.regression.PathSamples;

/**
 * A role's timings kept in a folder, so a fit can be repeated on the same measurements: one
 * host profile per model ({@code MODEL.json}) and the segments' load times ({@code loads.csv}).
 */
final class TimingFiles {
    static final String LOADS = "loads.csv";

    private TimingFiles() {
    }

    static void write(Path dir, HostTimings t, String engine) throws IOException {
        Files.createDirectories(dir);
        for (HostProfile p : t.profiles().values()) {
            HostProfiles.write(dir.resolve(p.modelId() + ".json"), p, new HostProfiles.Provenance(engine, "see backend"));
        }
        StringBuilder sb = new StringBuilder("bytes,ms\n");
        t.loads().forEach(l -> sb.append(String.format(Locale.ROOT, "%d,%.6f%n", l.bytes(), l.ms())));
        Files.writeString(dir.resolve(LOADS), sb);
    }

    /** The timings of these models, each checked against the model it claims to be of. */
    static HostTimings read(Path dir, Host host, List<LoadedModel> swept, List<LoadedModel> real) throws IOException {
        Map<String, HostProfile> profiles = new LinkedHashMap<>();
        List<PathSample> samples = new ArrayList<>();
        for (LoadedModel m : Stream.concat(swept.stream(), real.stream()).toList()) {
            Path file = dir.resolve(m.id() + ".json");
            HostProfile p = HostProfiles.read(file);
            HostProfiles.check(p, host, m.description(), file.toString());
            profiles.put(m.id(), p);
            samples.addAll(PathSamples.of(m, p));
        }
        Csv csv = Csv.read(dir.resolve(LOADS));
        csv.require("bytes", "ms");
        List<Profiler.Load> loads = new ArrayList<>();
        for (int r = 0; r < csv.size(); r++) {
            loads.add(new Profiler.Load((long) csv.number(r, "bytes"), csv.number(r, "ms")));
        }
        return new HostTimings(host, profiles, samples, loads);
    }
}
