package org.coinfer.shutdown.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class WatchdogTest {
    @Test
    public void anArmedTimerRunsItsLastResortAfterTheGracePeriod() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        boolean[] byJvmExit = {false};
        Watchdog.Timer t = new Watchdog.Timer(100, jvmExit -> {
            byJvmExit[0] = jvmExit;
            fired.countDown();
        });
        t.start();
        assertFalse("not before it is armed", fired.await(300, TimeUnit.MILLISECONDS));
        long t0 = System.nanoTime();
        t.arm(false);
        t.arm(true);
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        assertTrue("armed by the JVM's exit too", byJvmExit[0]);
        assertTrue("after the grace period", (System.nanoTime() - t0) / 1e6 >= 100);
        assertTrue(t.isDaemon());
    }

    @Test
    public void aTimerStoodDownNeverFires() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        Watchdog.Timer t = new Watchdog.Timer(50, jvmExit -> fired.countDown());
        t.start();
        t.interrupt();
        t.join(1000);
        assertFalse(t.isAlive());
        assertEquals(1, fired.getCount());
    }

    @Test
    public void theGracePeriodComesFromAPropertyAndABadOneFallsBackToTheDefault() {
        assertEquals(Watchdog.DEFAULT_GRACE_MS, Watchdog.grace(null));
        assertEquals(2_500, Watchdog.grace(" 2500 "));
        assertEquals(Watchdog.DEFAULT_GRACE_MS, Watchdog.grace("soon"));
        assertEquals(Watchdog.DEFAULT_GRACE_MS, Watchdog.grace("-1"));
    }
}
