package org.coinfer.runtime.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.TransportException;
import org.junit.Test;

public class LinkMonitorTest {
    private static final long HOUR_MS = 3_600_000;
    private static final long PROBE_MS = 150;
    private static final long RTT_NANOS = 4_000_000;

    private static FakeLink link(double bps) {
        return new FakeLink(null, bps, RTT_NANOS);
    }

    private static void assertWithin(double expected, double actual, double fraction) {
        assertTrue("expected about " + expected + ", found " + actual, Math.abs(actual - expected) <= fraction * expected);
    }

    @Test
    public void nothingIsKnownBeforeTheFirstMeasurement() {
        assertNull(new LinkMonitor(link(1e6), HOUR_MS, PROBE_MS).conditions());
    }

    @Test
    public void estimateFollowsTheLinksBandwidth() throws TransportException {
        for (double bps : new double[] {50e3, 1e6, 8e6, 100e6}) {
            NetworkConditions c = new LinkMonitor(link(bps), HOUR_MS, PROBE_MS).current();
            assertWithin(bps, c.uplinkBps(), 0.03);
            assertEquals(c.uplinkBps(), c.downlinkBps(), 0);
            assertEquals(RTT_NANOS / 1e6, c.rttMs(), 1e-9);
        }
    }

    @Test
    public void shortProbesGrowUntilTheyMeasureBandwidth() throws TransportException {
        FakeLink fast = link(100e6);
        new LinkMonitor(fast, HOUR_MS, PROBE_MS).current();
        List<Integer> sizes = fast.probes;
        assertEquals("probes come in pairs: " + sizes, 0, sizes.size() % 2);
        for (int i = 0; i < sizes.size(); i += 2) {
            assertEquals(sizes.get(i), sizes.get(i + 1));
            if (i > 0) {
                assertTrue(sizes.toString(), sizes.get(i) > sizes.get(i - 1));
            }
        }
        assertEquals(16 * 1024, (int) sizes.get(0));
        int last = sizes.get(sizes.size() - 1);
        assertTrue(sizes.toString(), sizes.size() > 2);
        assertTrue("the timed probe lasts long enough: " + sizes,
                fast.transferNanos(last) >= PROBE_MS * 1_000_000 / 4 || last == LinkMonitor.MAX_PROBE);
    }

    @Test
    public void aSlowLinkNeedsNoGrowthAndTheNextProbeIsSizedToTheRate() throws TransportException, InterruptedException {
        FakeLink slow = link(50e3);
        LinkMonitor m = new LinkMonitor(slow, 1, PROBE_MS);
        m.current();
        assertEquals(List.of(16 * 1024, 16 * 1024), slow.probes);
        Thread.sleep(5);
        m.current();
        // 50 kbit/s for 150 ms is under the smallest probe.
        assertEquals(List.of(16 * 1024, 16 * 1024, LinkMonitor.MIN_PROBE, LinkMonitor.MIN_PROBE), slow.probes);
    }

    @Test
    public void requestsShippingEnoughBytesUpdateTheEstimateSmallerOnesDoNot() throws TransportException {
        FakeLink l = link(2e6);
        LinkMonitor m = new LinkMonitor(l, HOUR_MS, PROBE_MS);
        m.current();
        l.bps = 6e6;
        m.observe(l.reply(1, null, LinkMonitor.MIN_SAMPLE_BYTES - 1));
        assertWithin(2e6, m.conditions().uplinkBps(), 0.03);
        m.observe(l.reply(2, null, LinkMonitor.MIN_SAMPLE_BYTES));
        assertWithin(6e6, m.conditions().uplinkBps(), 0.03);
        l.bps = 500e3;
        m.observe(l.reply(3, null, 200_000));
        assertWithin(500e3, m.current().uplinkBps(), 0.03);
    }

    @Test
    public void currentReprobesOnlyWhenStale() throws TransportException, InterruptedException {
        FakeLink l = link(1e6);
        LinkMonitor fresh = new LinkMonitor(l, HOUR_MS, PROBE_MS);
        fresh.current();
        int probes = l.probes.size();
        int pings = l.pings.get();
        fresh.current();
        assertEquals(probes, l.probes.size());
        assertEquals(pings, l.pings.get());

        FakeLink s = link(1e6);
        LinkMonitor stale = new LinkMonitor(s, 1, PROBE_MS);
        stale.current();
        probes = s.probes.size();
        s.bps = 3e6;
        Thread.sleep(5);
        assertWithin(3e6, stale.current().uplinkBps(), 0.03);
        assertTrue(s.probes.size() > probes);
    }
}
