package org.coinfer.backend.segments;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.junit.Test;

public class SegmentTableTest {
    private static final SegmentKey KEY = new SegmentKey("m", 1, 0, 3);
    private static final Tensor X = Tensor.ofFloats(new long[] {1}, new float[] {2});

    /** A segment that adds its version to the input and fails if run after it was closed. */
    static final class Fake implements AutoCloseable {
        final int version;
        final AtomicBoolean closed = new AtomicBoolean();

        Fake(int version) {
            this.version = version;
        }

        Tensor run(Tensor in) {
            if (closed.get()) {
                throw new IllegalStateException("ran after close");
            }
            return Tensor.ofFloats(in.shape(), new float[] {in.toFloats()[0] + version});
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private final AtomicInteger versions = new AtomicInteger();
    private final SegmentTable<Fake> table = new SegmentTable<>();

    private Fake build(SegmentKey key, byte[] model) {
        return new Fake(versions.incrementAndGet());
    }

    @Test
    public void runsReplacesAndClosesSegments() throws Exception {
        table.load(KEY, new byte[] {1}, this::build);
        Fake first = (Fake) captured();
        assertEquals(3f, table.run(KEY, f -> f.run(X)).toFloats()[0], 0);
        table.load(KEY, new byte[] {1}, this::build);
        assertTrue("the segment replaced is closed", first.closed.get());
        assertEquals(4f, table.run(KEY, f -> f.run(X)).toFloats()[0], 0);
        table.rebuild(this::build);
        assertEquals("rebuilt from the same model", 5f, table.run(KEY, f -> f.run(X)).toFloats()[0], 0);
        table.unload(KEY);
        assertFalse(table.isLoaded(KEY));
        try {
            table.run(KEY, f -> f.run(X));
            fail();
        } catch (InferenceException e) {
            assertEquals("segment " + KEY + " is not loaded", e.getMessage());
        }
    }

    private Object captured() throws InferenceException {
        AtomicReference<Fake> f = new AtomicReference<>();
        table.run(KEY, s -> {
            f.set(s);
            return X;
        });
        return f.get();
    }

    @Test
    public void noRequestRunsOnAClosedSegmentWhileOthersReplaceIt() throws Exception {
        table.load(KEY, new byte[] {1}, this::build);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] callers = new Thread[3];
        for (int i = 0; i < callers.length; i++) {
            callers[i] = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        table.run(KEY, f -> f.run(X));
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            });
            callers[i].start();
        }
        for (int i = 0; i < 500; i++) {
            if (i % 2 == 0) {
                table.load(KEY, new byte[] {1}, this::build);
            } else {
                table.rebuild(this::build);
            }
        }
        stop.set(true);
        for (Thread t : callers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a request failed while segments were replaced", failure.get());
        }
    }
}
