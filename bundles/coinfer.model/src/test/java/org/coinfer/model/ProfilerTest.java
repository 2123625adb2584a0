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
    public void deviceProfileTimesEveryPrefixOfEveryExit() throws Exception {
        HostProfile p = new Profiler(1, 3, 2).profile(backend, model, Host.DEVICE, (done, total) -> { });
        assertEquals(model.id(), p.modelId());
        assertEquals(model.description().contentHash(), p.contentHash());
        assertEquals(Host.DEVICE, p.host());
        List<Exit> exits = model.description().exits();
        assertEquals(exits.size(), p.pathMs().size());
        for (Exit e : exits) {
            List<Double> times = p.pathMs().get(e.number() - 1);
            assertEquals("exit " + e.number(), e.layers() + 1, times.size());
            assertEquals(0.0, times.get(0), 0);
            times.subList(1, times.size()).forEach(t -> assertTrue("exit " + e.number() + ": " + times, t > 0));
            assertTrue(p.rangeMs(e.number(), 0, e.layers()) > 0);
        }
    }

    @Test
    public void aSegmentSharedByExitsIsTimedOnceAndReportedAlike() throws Exception {
        HostProfile p = new Profiler(0, 2, 1).profile(backend, model, Host.DEVICE, (done, total) -> { });
        // input -> conv1 is the first prefix of every exit's path.
        double first = p.pathMs().get(0).get(1);
        for (List<Double> exit : p.pathMs()) {
            assertEquals(first, exit.get(1), 0);
        }
    }

    @Test
    public void edgeProfileTimesEverySuffixAndShrinksTowardsTheOutput() throws Exception {
        HostProfile p = new Profiler(0, 1, 0).profile(backend, model, Host.EDGE, (done, total) -> { });
        for (Exit e : model.description().exits()) {
            List<Double> times = p.pathMs().get(e.number() - 1);
            assertEquals(e.layers() + 1, times.size());
            assertEquals(0.0, times.get(e.layers()), 0);
            assertTrue(times.get(0) > 0);
            assertEquals(times.get(0), p.rangeMs(e.number(), 0, e.layers()), 0);
        }
    }

    @Test
    public void segmentsLoadedOnlyForProfilingAreUnloadedOthersStay() throws Exception {
        SegmentKey kept = new SegmentKey(model.id(), 2, 0, 1);
        Segments.ensureLoaded(backend, model, kept);
        new Profiler(0, 1, 0).profile(backend, model, Host.EDGE, (done, total) -> { });
        for (SegmentKey key : DemoFixture.unitSegments(model)) {
            assertEquals(key.toString(), key.equals(kept), backend.isLoaded(key));
        }
    }

    @Test
    public void progressCountsEveryDistinctSegmentUpToTheTotal() throws Exception {
        // Exits share their backbone, so there are fewer distinct prefixes than cuts past the input.
        long segments = model.description().exits().stream()
                .flatMap(e -> e.cuts().subList(1, e.cuts().size()).stream().map(c -> c.tensor())).distinct().count();
        assertTrue(segments < DemoFixture.unitSegments(model).size());
        List<int[]> calls = new ArrayList<>();
        new Profiler(0, 1, 0).profile(backend, model, Host.DEVICE, (done, total) -> calls.add(new int[] {done, total}));
        assertEquals(segments, calls.size());
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(i + 1, calls.get(i)[0]);
            assertEquals(segments, calls.get(i)[1]);
        }
    }

    @Test
    public void badRoundsOrWarmupAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Profiler(3, 0, 0));
        assertTrue(e.getMessage(), e.getMessage().contains("rounds >= 1"));
        assertThrows(IllegalArgumentException.class, () -> new Profiler(-1, 5, 0));
    }

    @Test
    public void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Profiler.median(new double[] {9, 1, 3}), 0);
        assertEquals(2.5, Profiler.median(new double[] {4, 1, 3, 2}), 0);
        assertFalse(Double.isNaN(Profiler.median(new double[] {7})));
    }
}
