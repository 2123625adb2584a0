package org.coinfer.predictor.regression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Profiler;

/**
 * What a host measured of a set of models to fit its {@link LayerModel}: each model's profile,
 * the samples it gives and every segment's load time.
 */
public record HostTimings(Host host, Map<String, HostProfile> profiles, List<PathSample> samples, List<Profiler.Load> loads) {
    public HostTimings {
        profiles = Map.copyOf(profiles);
        samples = List.copyOf(samples);
        loads = List.copyOf(loads);
    }

    /** Told after each model, so long profiling shows progress. */
    public interface Progress {
        void modelDone(String modelId, int done, int total);
    }

    /**
     * Profiles every model on this host, one after the other.
     *
     * @throws InferenceException naming the model that could not be run
     */
    public static HostTimings measure(InferenceBackend backend, Host host, List<LoadedModel> models, Profiler profiler,
            Progress progress) throws InferenceException, InterruptedException {
        return measure(backend, host, models, profiler, 1, progress);
    }

    /**
     * Profiles every model {@code passes} times, all models in each pass, and keeps for every part
     * the median of its passes: a host whose speed drifts over seconds (a slowed device waking
     * from each wait) then shows its drift in no part more than in its neighbours.
     */
    public static HostTimings measure(InferenceBackend backend, Host host, List<LoadedModel> models, Profiler profiler,
            int passes, Progress progress) throws InferenceException, InterruptedException {
        Map<String, List<HostProfile>> taken = new LinkedHashMap<>();
        List<Profiler.Load> loads = new ArrayList<>();
        int done = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (LoadedModel m : models) {
                Profiler.Measured measured;
                try {
                    measured = profiler.measure(backend, m, host, (d, total) -> { });
                } catch (InferenceException e) {
                    throw new InferenceException("cannot time model " + m.id() + " on the " + host + ": " + e.getMessage(), e);
                }
                taken.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(measured.profile());
                loads.addAll(measured.loads());
                progress.modelDone(m.id(), ++done, passes * models.size());
            }
        }
        Map<String, HostProfile> profiles = new LinkedHashMap<>();
        List<PathSample> samples = new ArrayList<>();
        for (LoadedModel m : models) {
            HostProfile p = median(taken.get(m.id()));
            profiles.put(m.id(), p);
            samples.addAll(PathSamples.of(m, p));
        }
        return new HostTimings(host, profiles, samples, loads);
    }

    /** Part by part, the median of several profiles of one model. */
    static HostProfile median(List<HostProfile> passes) {
        HostProfile first = passes.get(0);
        List<List<Double>> paths = new ArrayList<>();
        for (int e = 0; e < first.pathMs().size(); e++) {
            List<Double> path = new ArrayList<>();
            for (int c = 0; c < first.pathMs().get(e).size(); c++) {
                int exit = e;
                int cut = c;
                path.add(LayerModelFit.median(passes.stream().mapToDouble(p -> p.pathMs().get(exit).get(cut)).toArray()));
            }
            paths.add(path);
        }
        return new HostProfile(first.modelId(), first.contentHash(), first.host(), paths);
    }

    /** These timings and another's of the same host together. */
    public HostTimings and(HostTimings other) {
        if (other.host != host) {
            throw new IllegalArgumentException("timings of the " + host + " and of the " + other.host + " do not mix");
        }
        Map<String, HostProfile> p = new LinkedHashMap<>(profiles);
        p.putAll(other.profiles);
        List<PathSample> s = new ArrayList<>(samples);
        s.addAll(other.samples);
        List<Profiler.Load> l = new ArrayList<>(loads);
        l.addAll(other.loads);
        return new HostTimings(host, p, s, l);
    }

    /** These timings without a model's. */
    public HostTimings without(String modelId) {
        Map<String, HostProfile> p = new LinkedHashMap<>(profiles);
        p.remove(modelId);
        return new HostTimings(host, p, samples.stream().filter(s -> !s.model().equals(modelId)).toList(), loads);
    }
}
