package org.coinfer.shutdown.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Ends the JVM at most {@code coinfer.shutdown.graceMs} (default 9,000) after the framework
 * starts to stop or the JVM is asked to end (SIGTERM), whatever state a bundle is in.
 *
 * <p>Why it is needed: the launcher exits only once the framework has stopped, with no time
 * limit, so a bundle whose stop blocks keeps the JVM alive; and the JVM ignores SIGTERM while a
 * shutdown hook blocks, because exiting holds the lock the signal handler waits for. So the
 * last resort is {@link Runtime#halt}, not another exit. It is armed by a listener on the system
 * bundle (which outlives this bundle's own stop) and by a shutdown hook that only arms it and
 * returns. Its thread exists from the start, so arming it never needs a new thread while the
 * JVM shuts down. A framework that was only restarting (active again by the end of the grace
 * period) is left alone.
 */
public final class Watchdog implements BundleActivator {
    static final String GRACE_PROPERTY = "coinfer.shutdown.graceMs";
    static final long DEFAULT_GRACE_MS = 9_000;
    /** Exit status of a halted JVM, as the timeout command uses. */
    static final int HALTED = 124;

    private Timer timer;
    private Thread hook;
    private BundleContext system;
    private BundleListener listener;

    @Override
    public void start(BundleContext context) {
        long grace = grace(context.getProperty(GRACE_PROPERTY));
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        timer = new Timer(grace, jvmExit -> {
            if (!jvmExit && framework.getState() == Bundle.ACTIVE) {
                return; // the framework restarted: nothing is stuck
            }
            System.err.println("coinfer: the container did not stop within " + grace + " ms; halting the JVM");
            Runtime.getRuntime().halt(HALTED);
        });
        timer.start();
        system = framework.getBundleContext();
        listener = (SynchronousBundleListener) event -> {
            if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == Constants.SYSTEM_BUNDLE_ID) {
                timer.arm(false);
            }
        };
        system.addBundleListener(listener);
        hook = new Thread(() -> timer.arm(true), "coinfer-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void stop(BundleContext context) {
        try {
            system.removeBundleListener(listener);
        } catch (IllegalStateException e) {
            // the framework's own context is gone already: so is the listener
        }
        // Stopped with the framework, the timer is armed and keeps watching; stopped alone, it stands down.
        if (!timer.armed()) {
            timer.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run and armed the timer
            }
        }
    }

    static long grace(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_GRACE_MS;
        }
        try {
            long ms = Long.parseLong(property.trim());
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("coinfer: " + GRACE_PROPERTY + ": expected a positive number of ms, found '" + property + "'; using "
                + DEFAULT_GRACE_MS);
        return DEFAULT_GRACE_MS;
    }

    /** What to do once the grace period is over; told whether the JVM itself is exiting. */
    @FunctionalInterface
    interface LastResort {
        void run(boolean jvmExit);
    }

    /** A daemon thread that, once armed, waits out the grace period and then runs the last resort. */
    static final class Timer extends Thread {
        private final long graceMs;
        private final LastResort lastResort;
        private boolean armed;
        private boolean jvmExit;

        Timer(long graceMs, LastResort lastResort) {
            super("coinfer-shutdown-watchdog");
            setDaemon(true);
            this.graceMs = graceMs;
            this.lastResort = lastResort;
        }

        synchronized void arm(boolean byJvmExit) {
            armed = true;
            jvmExit |= byJvmExit;
            notifyAll();
        }

        synchronized boolean armed() {
            return armed;
        }

        private synchronized boolean jvmExit() {
            return jvmExit;
        }

        @Override
        public void run() {
            try {
                synchronized (this) {
                    while (!armed) {
                        wait();
                    }
                }
                Thread.sleep(graceMs);
                lastResort.run(jvmExit());
            } catch (InterruptedException e) {
                // stood down: the bundle was stopped on its own
            }
        }
    }
}
