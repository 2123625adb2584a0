package org.coinfer.runtime.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * The fit on its own, fed exchanges timed as a shaped link would time them: bytes over the
 * rate of their direction, 66 bytes of headers per packet and an acknowledgement each way.
 * With one rate for both directions this is tbf on loopback, one token bucket for all packets.
 */
public class LinkModelTest {
    private static final long MS = 1_000_000;
    private double upBytesPerSecond;
    private double downBytesPerSecond;
    private long now;
    private LinkModel model;

    private static double wire(long payload) {
        return payload + 66.0 * Math.max(1, (payload + 1447) / 1448) + 66;
    }

    /** Feeds one request; {@code credit} bytes more (or, negative, fewer) than its own cross the link with it. */
    private boolean exchange(long up, long down, double credit) {
        return feed(up, down, credit, LinkModel.Kind.REQUEST);
    }

    /** Feeds one probe, which measures one term on purpose. */
    private boolean probe(long up, long down, LinkModel.Kind kind) {
        return feed(up, down, 0, kind);
    }

    private boolean feed(long up, long down, double credit, LinkModel.Kind kind) {
        double seconds = 0.0002 + Math.max(0, wire(up) - credit) / upBytesPerSecond + wire(down) / downBytesPerSecond;
        now += (long) (seconds * 1e9) + 5 * MS;
        return model.observe(up, down, seconds, now, kind);
    }

    private void rate(double upMbps, double downMbps) {
        upBytesPerSecond = upMbps * 1e6 / 8;
        downBytesPerSecond = downMbps * 1e6 / 8;
    }

    private void start(double mbps) {
        rate(mbps, mbps);
        model = new LinkModel(0.001, 8 / (mbps * 1e6), 8 / (mbps * 1e6), now);
        probe(45, 45, LinkModel.Kind.PING);
        probe(45 + 32_768, 45, LinkModel.Kind.UPLINK_PROBE);
        probe(53, 45 + 16_384, LinkModel.Kind.DOWNLINK_PROBE);
    }

    private static void assertWithin(String what, double expected, double actual, double fraction) {
        assertTrue(what + ": expected " + expected + " within " + fraction * 100 + "%, found " + actual,
                Math.abs(actual - expected) <= fraction * expected);
    }

    @Test
    public void aStepIsFollowedWithinThreeRequestsEvenWhenOneOfThemIsDelayed() {
        start(10);
        for (double mbps : new double[] {2, 0.25, 0.05, 1, 10}) {
            double before = model.upBitsPerSecond() / 1e6;
            rate(mbps, mbps);
            // A drop is believed from its first request; a rise waits for the second to confirm
            // it. The second also carries a packet TCP sent again (its timers were set for the
            // faster link), and does not undo the drop.
            assertEquals(mbps + " Mbit/s: the first request out of line is a step if it ran slower", mbps < before,
                    exchange(3_254, 101, 0));
            if (mbps < before) {
                assertWithin("uplink after the first request at " + mbps, mbps, model.upBitsPerSecond() / 1e6, 0.2);
            }
            boolean second = exchange(3_254, 101, -1_514);
            if (mbps > before) {
                assertTrue(mbps + " Mbit/s: the second request confirms a rise", second);
            }
            exchange(3_254, 101, 0);
            assertWithin("uplink after three requests at " + mbps, mbps, model.upBitsPerSecond() / 1e6, 0.2);
            assertWithin("downlink, scaled with it", mbps, model.downBitsPerSecond() / 1e6, 0.5);
            assertTrue("and unsure, so that it is probed", model.spread(LinkModel.DOWN, now) > 0.25);
        }
    }

    @Test
    public void aDownlinkProbeMeasuresADownlinkThatChangedAloneWithoutDisturbingTheUplink() {
        start(4);
        rate(4, 0.5);
        for (int i = 0; i < 5; i++) {
            exchange(3_254, 101, 0); // 101 B replies hardly show the change
        }
        double up = model.upBitsPerSecond();
        assertTrue("a big miss of the downlink is a step", probe(53, 45 + 4_096, LinkModel.Kind.DOWNLINK_PROBE));
        assertWithin("downlink", 0.5, model.downBitsPerSecond() / 1e6, 0.2);
        assertWithin("uplink unchanged", up, model.upBitsPerSecond(), 0.05);
    }

    @Test
    public void anUnchangedLinkRefinesTheFitAndIsNeverAStep() {
        start(1);
        double spread = model.spread(LinkModel.UP, now);
        for (int i = 0; i < 20; i++) {
            assertFalse("exchange " + i, exchange(i % 2 == 0 ? 3_254 : 50_000, 101, 0));
        }
        assertTrue("spread " + spread + " -> " + model.spread(LinkModel.UP, now), model.spread(LinkModel.UP, now) < spread);
        assertWithin("uplink", 0.95, model.upBitsPerSecond() / 1e6, 0.1);
    }

    @Test
    public void aSlowOutlierHoldsOnlyUntilTheNextRequestFitsTheModelBeforeIt() {
        start(10);
        double up = model.upBitsPerSecond();
        double spread = model.spread(LinkModel.UP, now);
        // A 20 ms pause of the JVM in the middle of a 3 ms exchange: taken for a drop at once.
        assertTrue(model.observe(3_254, 101, 0.023, now += 30 * MS, LinkModel.Kind.REQUEST));
        assertTrue("taken for slower", model.upBitsPerSecond() < up / 5);
        assertFalse("a probe may settle it", model.unsettled());
        assertTrue("the next request fits the link as it was: back to it", exchange(3_254, 101, 0));
        assertWithin("uplink", 10, model.upBitsPerSecond() / 1e6, 0.1);
        assertTrue("as sure as before", model.spread(LinkModel.UP, now) <= spread * 1.1);
        assertFalse(exchange(3_254, 101, 0));
    }

    @Test
    public void aQuickOutlierChangesNothing() {
        start(1);
        double up = model.upBitsPerSecond();
        // Half the request's bytes passed at once (a token bucket's credit after a pause).
        assertFalse(exchange(3_254, 101, 1_700));
        assertEquals(up, model.upBitsPerSecond(), 0);
        assertTrue("the next request decides", model.unsettled());
        assertFalse(exchange(3_254, 101, 0));
        assertWithin("uplink", 0.95, model.upBitsPerSecond() / 1e6, 0.1);
    }

    @Test
    public void aStepOfThePingsTimeIsTheRoundTrip() {
        start(10);
        double up = model.upBitsPerSecond();
        // The link's delay grows by 30 ms: pings (all round trip) show it.
        assertTrue(model.observe(45, 45, 0.0302, now += 40 * MS, LinkModel.Kind.PING));
        assertEquals("RTT", 30, model.rttSeconds() * 1e3, 1);
        assertEquals("the uplink stays", up, model.upBitsPerSecond(), up * 0.01);
    }

    @Test
    public void trustFadesWhileNothingMeasuresTheLink() {
        start(1);
        double fresh = model.spread(LinkModel.UP, now);
        assertTrue(model.spread(LinkModel.UP, now + 100_000 * MS) > fresh + 0.25);
    }
}
