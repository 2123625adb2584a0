package org.coinfer.runtime.device;

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

    /** Feeds one request; {@code credit} bytes of it pass free, as after a pause on a token bucket. */
    private boolean exchange(long up, long down, double credit) {
        return feed(up, down, credit, false);
    }

    /** Feeds one probe, which measures a direction on purpose. */
    private boolean probe(long up, long down) {
        return feed(up, down, 0, true);
    }

    private boolean feed(long up, long down, double credit, boolean probe) {
        double seconds = 0.0002 + Math.max(0, wire(up) - credit) / upBytesPerSecond + wire(down) / downBytesPerSecond;
        now += (long) (seconds * 1e9) + 5 * MS;
        return model.observe(up, down, seconds, now, probe);
    }

    private void rate(double upMbps, double downMbps) {
        upBytesPerSecond = upMbps * 1e6 / 8;
        downBytesPerSecond = downMbps * 1e6 / 8;
    }

    private void start(double mbps) {
        rate(mbps, mbps);
        model = new LinkModel(0.001, 8 / (mbps * 1e6), 8 / (mbps * 1e6), now);
        probe(45, 45);
        probe(45 + 32_768, 45);
        probe(53, 45 + 16_384);
    }

    private static void assertWithin(String what, double expected, double actual, double fraction) {
        assertTrue(what + ": expected " + expected + " within " + fraction * 100 + "%, found " + actual,
                Math.abs(actual - expected) <= fraction * expected);
    }

    @Test
    public void aStepIsFollowedWithinThreeRequestsEvenWhenTheFirstPassesPartlyFree() {
        start(10);
        for (double mbps : new double[] {2, 0.25, 0.05, 1, 10}) {
            rate(mbps, mbps);
            // The first request after the change finds a full bucket, as after tc changes the rate.
            assertTrue(mbps + " Mbit/s: the first request is a step", exchange(3_254, 101, 1_600));
            exchange(3_254, 101, 0);
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
        assertTrue("a big miss of the downlink is a step", probe(53, 45 + 4_096));
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
    public void trustFadesWhileNothingMeasuresTheLink() {
        start(1);
        double fresh = model.spread(LinkModel.UP, now);
        assertTrue(model.spread(LinkModel.UP, now + 100_000 * MS) > fresh + 0.25);
    }
}
