package org.coinfer.device.emulation.internal;

import java.util.concurrent.locks.LockSupport;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Emulates a device {@code slowdown} times slower than this machine: each computation really
 * runs on the wrapped backend, is timed, and then its thread waits until {@code slowdown} times
 * that time has passed. The result is a steady slow device (its spread is the real one), unlike
 * a CPU quota, which lets a short computation run at full speed or freeze it for a whole
 * scheduler period. The waiting thread leaves the CPU free, so an edge on the same machine is
 * not slowed. Registered above the real backend, so the device's components use it; inactive
 * until its configuration exists.
 */
@Component(configurationPid = SlowedBackend.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = SlowedBackend.EMULATED + "=true")
@ServiceRanking(100)
@Designate(ocd = SlowedBackend.Config.class)
public final class SlowedBackend implements InferenceBackend {
    public static final String PID = "org.coinfer.device.emulation";
    /** Service property of the emulating backend, so it never wraps itself. */
    static final String EMULATED = "coinfer.emulated";
    /** The last stretch of a wait is spun, not slept: a sleep can overshoot by tens of microseconds. */
    private static final long SPIN_NANOS = 100_000;

    @ObjectClassDefinition(name = "Coinfer device emulation",
            description = "Makes every computation of this container's backend take a fixed factor longer, to emulate a slower device.")
    public @interface Config {
        @AttributeDefinition(name = "Slowdown", description = "How many times longer each computation takes (10: a Raspberry Pi 3 against a desktop core).",
                min = "1")
        double slowdown() default 10;
    }

    private final InferenceBackend backend;
    private volatile double slowdown;

    @Activate
    public SlowedBackend(@Reference(target = "(!(" + EMULATED + "=true))") InferenceBackend backend, Config config) {
        this.backend = backend;
        modified(config);
    }

    /** Plain Java use: {@code backend} made {@code slowdown} times slower. */
    public static SlowedBackend of(InferenceBackend backend, double slowdown) {
        return new SlowedBackend(backend, new Config() {
            @Override
            public double slowdown() {
                return slowdown;
            }

            @Override
            public Class<Config> annotationType() {
                return Config.class;
            }
        });
    }

    @Modified
    void modified(Config config) {
        if (!(config.slowdown() >= 1)) {
            throw new IllegalArgumentException(PID + ": slowdown must be at least 1, found " + config.slowdown());
        }
        slowdown = config.slowdown();
    }

    public double slowdown() {
        return slowdown;
    }

    @Override
    public String engine() {
        return backend.engine();
    }

    @Override
    public boolean isReady() {
        return backend.isReady();
    }

    @Override
    public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
        long t0 = System.nanoTime();
        backend.load(key, onnxModel);
        stretch(t0);
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        return backend.isLoaded(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        long t0 = System.nanoTime();
        Tensor out = backend.infer(key, input);
        stretch(t0);
        return out;
    }

    @Override
    public void unload(SegmentKey key) {
        backend.unload(key);
    }

    /** Waits until the work begun at {@code t0} has taken {@code slowdown} times its real length. */
    private void stretch(long t0) {
        long real = System.nanoTime() - t0;
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
