package org.coinfer.runtime.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.Tensor;
import org.coinfer.api.TransportException;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The estimator on a simulated link and clock: exact arithmetic, no sleeping. */
public class LinkMonitorTest {
    static final long MS = 1_000_000;
    /** Probes on the request path (issue 7's behaviour), which most of these tests look at. */
    static final LinkMonitor.Settings SETTINGS = new LinkMonitor.Settings(10_000, 0.25, 0.02, 100, false);
    /** The B-AlexNet input: the smallest request there is, edge-only. */
    static final int INPUT_FLOATS = 784;

    /** Answers every request with ten class scores. */
    static final EdgeExecutor SCORES = new EdgeExecutor() {
        @Override
        public Tensor finish(InferenceRequest request) {
            return Tensor.ofFloats(new long[] {1, 10}, new float[10]);
        }

        @Override
        public HostProfile profile(String modelId) throws InferenceException {
            throw new InferenceException("no profiles here");
        }
    };

    private final FakeLink link = new FakeLink(SCORES, 2e6, 20 * MS);
    private final LinkMonitor monitor = new LinkMonitor(link, SETTINGS, link::now);
    private long ids;

    private void request(int floats) throws TransportException {
        monitor.observe(link.infer(new InferenceRequest(++ids, "m", "", 1, 0, Tensor.ofFloats(new long[] {1, floats}, new float[floats]))));
    }

    private static void assertWithin(String what, double expected, double actual, double fraction) {
        assertTrue(what + ": expected " + expected + " within " + fraction * 100 + "%, found " + actual,
                Math.abs(actual - expected) <= fraction * expected);
    }

    @Test
    public void nothingIsKnownBeforeTheFirstMeasurement() {
        assertNull(monitor.estimate());
    }

    @Test
    public void theFirstMeasurementFindsTheRoundTripAndEachDirection() throws TransportException {
        for (double[] c : new double[][] {{50e3, 200e3, 80}, {1e6, 4e6, 20}, {8e6, 8e6, 2}, {100e6, 20e6, 0.2}}) {
            FakeLink l = new FakeLink(SCORES, c[0], (long) (c[2] * MS));
            l.downBps = c[1];
            LinkEstimate e = new LinkMonitor(l, SETTINGS, l::now).current().estimate();
            assertWithin("uplink", c[0], e.conditions().uplinkBps(), 0.03);
            assertWithin("downlink, measured on its own", c[1], e.conditions().downlinkBps(), 0.03);
            assertEquals("RTT", c[2], e.conditions().rttMs(), 0.02 * c[2]);
        }
    }

    @Test
    public void aFirstProbeTooShortToMeasureBandwidthGrows() throws TransportException {
        FakeLink fast = new FakeLink(SCORES, 100e6, MS);
        new LinkMonitor(fast, SETTINGS, fast::now).current();
        assertEquals(LinkMonitor.FIRST_PROBE, (int) fast.probes.get(0));
        assertTrue("probes grow: " + fast.probes, fast.probes.size() > 1
                && fast.probes.get(fast.probes.size() - 1) > fast.probes.get(0));
        assertEquals("one downlink probe", 1, fast.downProbes.size());
    }

    @Test
    public void everyRequestTeachesTheEstimateSoAStepIsFollowedWithinThreeRequests() throws TransportException {
        monitor.current();
        int upProbes = link.probes.size();
        for (double[] step : new double[][] {{2e6, 1e6}, {1e6, 4e6}, {4e6, 0.5e6}, {0.5e6, 50e3}, {50e3, 2e6}}) {
            assertWithin("before the step", step[0], monitor.estimate().conditions().uplinkBps(), 0.2);
            link.rate(step[1]);
            for (int i = 0; i < 3; i++) {
                monitor.current(); // as a request plans: a probe would run here if one were needed
                request(INPUT_FLOATS);
                link.idle(200 * MS);
            }
            assertWithin("three 3 kB requests after a step to " + step[1] + " bit/s", step[1],
                    monitor.estimate().conditions().uplinkBps(), 0.2);
        }
        assertEquals("requests measured the uplink: no uplink probe after the first measurement", upProbes, link.probes.size());
        // The steps left the downlink unsure, but in these 3.5 s the first measurement has spent
        // more than 2% of the time already: the budget allows no downlink probe yet.
        assertEquals(1, link.downProbes.size());
    }

    @Test
    public void aRequestFitsTheModelNotJustItsOwnRatio() throws TransportException {
        monitor.current();
        double before = monitor.estimate().conditions().uplinkBps();
        // Same link, one more request: the estimate hardly moves, and its spread shrinks.
        double spread = monitor.estimate().uplinkSpread();
        request(INPUT_FLOATS);
        assertWithin("unchanged link", before, monitor.estimate().conditions().uplinkBps(), 0.02);
        assertTrue("spread " + spread + " -> " + monitor.estimate().uplinkSpread(), monitor.estimate().uplinkSpread() < spread);
    }

    @Test
    public void probesStayWithinTheirBudgetWhenNothingElseMeasuresTheLink() throws TransportException {
        for (double bps : new double[] {50e3, 1e6}) {
            FakeLink l = new FakeLink(SCORES, bps, 40 * MS);
            LinkMonitor m = new LinkMonitor(l, SETTINGS, l::now);
            // Ten simulated minutes of device-only requests, 5 a second: only probes use the link.
            for (int i = 0; i < 3_000; i++) {
                m.current();
                l.idle(200 * MS);
            }
            LinkEstimate e = m.estimate();
            assertTrue(bps + " bit/s: probes took " + e.probeShare() + " of the time", e.probeShare() <= SETTINGS.probeShare());
            assertTrue(bps + " bit/s: the estimate was refreshed (" + l.probes.size() + " probes)", l.probes.size() > 3);
            assertTrue("never older than a minute: " + e.ageMs(), e.ageMs() < 60_000);
        }
    }

    @Test
    public void requestsThatCrossTheLinkLeaveTheUplinkNothingToProbe() throws TransportException {
        monitor.current();
        int probes = link.probes.size();
        for (int i = 0; i < 600; i++) {
            monitor.current();
            request(INPUT_FLOATS);
            link.idle(100 * MS);
        }
        assertEquals("uplink probes after the first measurement", probes, link.probes.size());
        // Replies of 100 B say little about the downlink: it is probed now and then, within the budget.
        assertTrue("probe share " + monitor.estimate().probeShare(), monitor.estimate().probeShare() <= SETTINGS.probeShare());
    }

    @Test
    public void betweenRequestsAStaleEstimateIsProbedAfterARequestNotBeforeTheNext() throws TransportException {
        LinkMonitor between = new LinkMonitor(link, new LinkMonitor.Settings(10_000, 0.25, 0.02, 100, true), link::now);
        between.current();
        int probes = link.probes.size();
        link.idle(3 * SETTINGS.staleMs() * MS);
        link.rate(1e6);
        assertEquals("a request plans without probing", 0, between.current().probeNanos());
        assertEquals(probes, link.probes.size());
        List<Runnable> queued = new ArrayList<>();
        between.idle(queued::add);
        between.idle(queued::add);
        assertEquals("one probe at a time", 1, queued.size());
        queued.get(0).run();
        assertEquals("one uplink probe, after the request", probes + 1, link.probes.size());
        assertWithin("the next request plans with the new rate", 1e6, between.estimate().conditions().uplinkBps(), 0.2);
        between.idle(queued::add);
        assertEquals("a fresh estimate needs no probe", 1, queued.size());
    }

    @Test
    public void aProbeBetweenRequestsWaitsWhenItWouldRunIntoTheNextRequest() throws TransportException {
        LinkMonitor between = new LinkMonitor(link, new LinkMonitor.Settings(10_000, 0.25, 0.02, 100, true), link::now);
        between.current();
        link.idle(3 * SETTINGS.staleMs() * MS);
        List<Runnable> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // requests every 50 ms: a 100 ms probe does not fit between them
            between.current();
            link.idle(50 * MS);
        }
        between.current();
        between.idle(queued::add);
        assertEquals("no probe that would delay the next request", 0, queued.size());
        for (int i = 0; i < 5; i++) { // requests every 2 s: room between them
            link.idle(2_000 * MS);
            between.current();
        }
        between.idle(queued::add);
        assertEquals(1, queued.size());
    }

    @Test
    public void aStaleEstimateIsProbedWhenTheBudgetAllows() throws TransportException {
        monitor.current();
        int probes = link.probes.size();
        link.idle(3 * SETTINGS.staleMs() * MS); // stale, and long enough for the budget to pay for a probe
        link.rate(1e6);
        monitor.current();
        assertEquals("one uplink probe", probes + 1, link.probes.size());
        assertWithin("the probe measured the new rate", 1e6, monitor.estimate().conditions().uplinkBps(), 0.2);
    }

    @Test
    public void aFailedRefreshKeepsTheEstimateAndTheRequestGoesOn() throws TransportException {
        LinkEstimate before = monitor.current().estimate();
        link.idle(SETTINGS.staleMs() * MS * 2);
        link.down = true;
        LinkMonitor.Measured m = monitor.current();
        assertEquals(before.conditions(), m.estimate().conditions());
    }
}
