package org.coinfer.device.emulation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.locks.LockSupport;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;

/**
 * A backend {@code slowdown} times slower than the one it wraps: each computation really runs
 * on the wrapped backend, and then its thread waits until {@code slowdown} times the CPU time
 * it took has passed since it began. The result is a steady slow device (its spread is the real
 * one), unlike a CPU quota, which lets a short computation run at full speed or freezes it for
 * a whole scheduler period. CPU time, not elapsed time, because a device has its CPU to itself:
 * when this machine makes the computation wait (the edge, a process the host starts), that
 * wait is not multiplied. The waiting thread leaves the CPU free, so an edge on the same machine
 * is not slowed. Loading a segment is stretched too; unloading is not. Where the JVM cannot
 * measure a thread's CPU time, elapsed time stands in.
 */
public class SlowedBackend implements InferenceBackend {
    /** The last stretch of a wait is spun, not slept: a sleep can overshoot by tens of microseconds. */
    private static final long SPIN_NANOS = 100_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private final InferenceBackend backend;
    private volatile double slowdown;

    public SlowedBackend(InferenceBackend backend, double slowdown) {
        this.backend = backend;
        slowdown(slowdown);
    }

    public double slowdown() {
        return slowdown;
    }

    /** Changes the factor for the computations that start from now on. */
    protected final void slowdown(double factor) {
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("slowdown must be at least 1, found " + factor);
        }
        slowdown = factor;
    }

    /** The wrapped engine and the factor: times measured on it hold for this emulation only. */
    @Override
    public String engine() {
        return backend.engine() + ", every computation stretched " + slowdown + "x";
    }

    @Override
    public boolean isReady() {
        return backend.isReady();
    }

    @Override
    public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        backend.load(key, onnxModel);
        stretch(t0, cpu0);
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        return backend.isLoaded(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        Tensor out = backend.infer(key, input);
        stretch(t0, cpu0);
        return out;
    }

    @Override
    public void unload(SegmentKey key) {
        backend.unload(key);
    }

    private static long cpuNanos() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Waits until the work begun at {@code t0} (CPU clock at {@code cpu0}) has taken {@code slowdown} times its CPU time. */
    private void stretch(long t0, long cpu0) {
        long real = cpuNanos() - cpu0;
        long until = t0 + (long) (real * slowdown);
        long left;
        while ((left = until - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                return; // a stopping container does not wait out an emulated delay
            }
        }
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
