package org.coinfer.device.emulation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.device.emulation.SlowedBackend;
import org.coinfer.testing.ComponentConfigs;
import org.junit.Test;

public class SlowedBackendTest {
    static final SegmentKey KEY = new SegmentKey("m", 1, 0, 1);
    static final Tensor OUT = Tensor.ofFloats(new long[] {1}, new float[] {1});

    /** A backend whose every computation busies the thread for {@code workNanos} of CPU time. */
    static final class Busy implements InferenceBackend {
        final List<String> calls = new ArrayList<>();
        final long workNanos;

        Busy(long workNanos) {
            this.workNanos = workNanos;
        }

        private void work() {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long end = threads.getCurrentThreadCpuTime() + workNanos;
            while (threads.getCurrentThreadCpuTime() < end) {
                Thread.onSpinWait();
            }
        }

        @Override
        public String engine() {
            return "busy";
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void load(SegmentKey key, byte[] onnxModel) {
            calls.add("load");
            work();
        }

        @Override
        public boolean isLoaded(SegmentKey key) {
            return true;
        }

        @Override
        public Tensor infer(SegmentKey key, Tensor input) {
            calls.add("infer");
            work();
            return OUT;
        }

        @Override
        public void unload(SegmentKey key) {
            calls.add("unload");
        }
    }

    private static double timeMs(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    @Test
    public void everyComputationTakesTheFactorLongerAndGivesTheSameResult() throws InferenceException {
        Busy busy = new Busy(2_000_000);
        SlowedBackend slowed = new DeviceEmulation(busy, ComponentConfigs.of(DeviceEmulation.Config.class, Map.of("slowdown", 5.0)));
        assertEquals("busy, every computation stretched 5.0x", slowed.engine());
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = timeMs(() -> {
                try {
                    assertSame(OUT, slowed.infer(KEY, OUT));
                } catch (InferenceException e) {
                    throw new AssertionError(e);
                }
            });
        }
        java.util.Arrays.sort(ms);
        // 2 ms of CPU time stretched 5x: at least 10 ms; the upper bound only catches a wait that never ends.
        assertTrue("fastest " + ms[0] + " ms", ms[0] >= 10);
        assertTrue("median " + ms[2] + " ms", ms[2] < 500);
        assertTrue(timeMs(() -> {
            try {
                slowed.load(KEY, new byte[0]);
            } catch (InferenceException e) {
                throw new AssertionError(e);
            }
        }) >= 10);
        slowed.unload(KEY);
        assertEquals(List.of("infer", "infer", "infer", "infer", "infer", "load", "unload"), busy.calls);
    }

    @Test
    public void aSlowdownBelowOneIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceEmulation(new Busy(0), ComponentConfigs.of(DeviceEmulation.Config.class, Map.of("slowdown", 0.5))));
        assertEquals("org.coinfer.device.emulation: slowdown must be at least 1, found 0.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SlowedBackend(new Busy(0), 0));
        assertEquals("slowdown must be at least 1, found 0.0", e.getMessage());
    }
}
