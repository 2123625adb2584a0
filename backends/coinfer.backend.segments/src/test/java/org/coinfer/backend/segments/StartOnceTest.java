package org.coinfer.backend.segments;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class StartOnceTest {
    @Test
    public void startsOnceWhenFirstAsked() {
        AtomicInteger starts = new AtomicInteger();
        StartOnce<String> once = new StartOnce<>(() -> "engine " + starts.incrementAndGet());
        assertFalse("asking does not start it", once.started() || once.failed());
        assertEquals(0, starts.get());
        assertEquals("engine 1", once.get());
        assertEquals("engine 1", once.get());
        assertTrue(once.started());
        assertEquals(1, starts.get());
    }

    @Test
    public void aFailureIsKeptAndThrownAgainNotRetried() {
        AtomicInteger starts = new AtomicInteger();
        UnsatisfiedLinkError missing = new UnsatisfiedLinkError("no tensorflow_cc in java.library.path");
        StartOnce<String> once = new StartOnce<>(() -> {
            starts.incrementAndGet();
            throw missing;
        });
        for (int i = 0; i < 2; i++) {
            try {
                once.get();
                fail();
            } catch (UnsatisfiedLinkError e) {
                assertSame(missing, e);
            }
        }
        assertEquals(1, starts.get());
        assertTrue(once.failed());
        assertFalse(once.started());
    }
}
