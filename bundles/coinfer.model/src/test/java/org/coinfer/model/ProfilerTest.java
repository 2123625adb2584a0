package org.coinfer.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.junit.Test;

public class ProfilerTest {
    private final LoadedModel model = DemoFixture.model();
    private final OrtBackend backend = DemoFixture.backend();

    @Test
    public void profileHasOnePositiveTimePerSegmentOfEveryExit() throws InferenceException {
        HostProfile p = new Profiler(1, 3).profile(backend, model, Host.DEVICE, (done, total) -> { });
        assertEquals(model.id(), p.modelId());
        assertEquals(model.description().contentHash(), p.contentHash());
        assertEquals(Host.DEVICE, p.host());
        List<Exit> exits = model.description().exits();
        assertEquals(exits.size(), p.segmentMs().size());
        for (Exit e : exits) {
            List<Double> times = p.segmentMs().get(e.number() - 1);
            assertEquals("exit " + e.number(), e.layers(), times.size());
            times.forEach(t -> assertTrue("exit " + e.number() + ": " + times, t > 0));
        }
    }

    @Test
    public void segmentsLoadedOnlyForProfilingAreUnloadedOthersStay() throws InferenceException {
        SegmentKey kept = new SegmentKey(model.id(), 2, 0, 1);
        Segments.ensureLoaded(backend, model, kept);
        new Profiler(0, 1).profile(backend, model, Host.EDGE, (done, total) -> { });
        for (SegmentKey key : DemoFixture.unitSegments(model)) {
            assertEquals(key.toString(), key.equals(kept), backend.isLoaded(key));
            assertFalse(backend.isLoaded(new SegmentKey(key.modelId() + Profiler.PROFILE_SUFFIX, key.exit(), key.fromCut(), key.toCut())));
        }
    }

    @Test
    public void progressCountsEverySegmentUpToTheTotal() throws InferenceException {
        int segments = DemoFixture.unitSegments(model).size();
        List<int[]> calls = new ArrayList<>();
        new Profiler(0, 1).profile(backend, model, Host.DEVICE, (done, total) -> calls.add(new int[] {done, total}));
        assertEquals(segments, calls.size());
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(i + 1, calls.get(i)[0]);
            assertEquals(segments, calls.get(i)[1]);
        }
    }

    @Test
    public void badRepetitionsOrWarmupAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Profiler(3, 0));
        assertTrue(e.getMessage(), e.getMessage().contains("repetitions >= 1"));
        assertThrows(IllegalArgumentException.class, () -> new Profiler(-1, 5));
    }

    @Test
    public void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Profiler.median(new long[] {9, 1, 3}), 0);
        assertEquals(2.5, Profiler.median(new long[] {4, 1, 3, 2}), 0);
        assertFalse(Double.isNaN(Profiler.median(new long[] {7})));
    }
}
