package org.coinfer.predictor.regression;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.coinfer.api.CutPoint;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.model.LoadedModel;

/** Turns a host's measured profile of a model into {@link PathSample}s, one per distinct part. */
public final class PathSamples {
    private PathSamples() {
    }

    /**
     * Every non-empty part the profile timed: each prefix on the device, each suffix on the edge.
     * Exits share their backbone, so a part between the same two tensors is taken once.
     */
    public static List<PathSample> of(LoadedModel model, HostProfile profile) {
        if (!profile.contentHash().equals(model.description().contentHash())) {
            throw new IllegalArgumentException("the " + profile.host() + " profile of " + profile.modelId()
                    + " is not of model " + model.id() + "'s content");
        }
        List<PathSample> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Exit e : model.description().exits()) {
            for (int c = 0; c <= e.layers(); c++) {
                int from = profile.host() == Host.DEVICE ? 0 : c;
                int to = profile.host() == Host.DEVICE ? c : e.layers();
                CutPoint a = e.cut(from);
                CutPoint b = e.cut(to);
                if (from == to || !seen.add(a.tensor() + " -> " + b.tensor())) {
                    continue;
                }
                out.add(new PathSample(model.id(), e.number(), c, model.graph().nodesBetween(a.tensor(), b.tensor()),
                        a.bytes(), b.bytes(), profile.pathMs().get(e.number() - 1).get(c)));
            }
        }
        return out;
    }
}
