package org.coinfer.backend.selection.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.testing.ComponentConfigs;
import org.junit.Test;

public class ActiveBackendTest {
    private static final SegmentKey KEY = new SegmentKey("m", 1, 0, 2);
    private static final Tensor X = Tensor.ofFloats(new long[] {1, 2}, new float[] {1, 2});

    /** An engine that adds its own offset to every element, so a result tells which engine ran. */
    static final class Engine implements InferenceBackend {
        final String name;
        final float offset;
        final Set<SegmentKey> loaded = ConcurrentHashMap.newKeySet();
        final AtomicInteger runs = new AtomicInteger();
        volatile boolean ready = true;
        /** Its natives do not load: the first load fails, and from then on it is not ready. */
        volatile boolean broken;

        Engine(String name, float offset) {
            this.name = name;
            this.offset = offset;
        }

        @Override
        public String engine() {
            return name;
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
            if (broken) {
                ready = false;
                throw new InferenceException(name + ": its natives did not load");
            }
            loaded.add(key);
        }

        @Override
        public boolean isLoaded(SegmentKey key) {
            return loaded.contains(key);
        }

        @Override
        public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
            if (!loaded.contains(key)) {
                throw new InferenceException(name + ": segment " + key + " is not loaded");
            }
            runs.incrementAndGet();
            float[] v = input.toFloats();
            for (int i = 0; i < v.length; i++) {
                v[i] += offset;
            }
            return Tensor.ofFloats(input.shape(), v);
        }

        @Override
        public void unload(SegmentKey key) {
            loaded.remove(key);
        }
    }

    private final Engine ort = new Engine("onnxruntime", 0);
    private final Engine tf = new Engine("tensorflow", 100);

    private static ActiveBackend.Config config(String engine) {
        return ComponentConfigs.of(ActiveBackend.Config.class, Map.of("engine", engine));
    }

    private ActiveBackend backend(String engine) {
        ActiveBackend b = new ActiveBackend(config(engine));
        b.addEngine(ort, Map.of(InferenceBackend.ENGINE, "onnxruntime"));
        b.addEngine(tf, Map.of(InferenceBackend.ENGINE, "tensorflow"));
        return b;
    }

    @Test
    public void runsOnTheConfiguredEngineAndSwitchesOnReconfiguration() throws Exception {
        ActiveBackend b = backend("tensorflow");
        assertEquals("tensorflow", b.engine());
        b.load(KEY, new byte[] {1});
        assertEquals(101f, b.infer(KEY, X).toFloats()[0], 0);

        b.modified(config("onnxruntime"));
        assertEquals("onnxruntime", b.engine());
        assertFalse("the old engine frees its segments", tf.isLoaded(KEY));
        assertFalse("the caller loads again, and that is timed as a load", b.isLoaded(KEY));
        assertEquals(1f, b.infer(KEY, X).toFloats()[0], 0);
        assertTrue(ort.isLoaded(KEY));
    }

    @Test
    public void anEngineThatIsNotInstalledFallsBackToOnnxRuntime() throws Exception {
        ActiveBackend b = backend("djl");
        assertEquals("djl", b.configured());
        assertEquals("onnxruntime", b.engine());
        b.addEngine(new Engine("djl", 7), Map.of(InferenceBackend.ENGINE, "djl"));
        assertEquals("an engine installed later is taken up", "djl", b.engine());
    }

    @Test
    public void anEngineThatCannotRunHereFallsBackToOnnxRuntime() throws Exception {
        ActiveBackend b = backend("tensorflow");
        tf.ready = false;
        b.load(KEY, new byte[] {1});
        assertEquals("onnxruntime", b.engine());
        assertEquals(1f, b.infer(KEY, X).toFloats()[0], 0);
        assertFalse(tf.isLoaded(KEY));
    }

    @Test
    public void anEngineWhoseNativesFailAtTheFirstLoadHandsThatLoadToOnnxRuntime() throws Exception {
        ActiveBackend b = backend("tensorflow");
        tf.broken = true;
        assertTrue("not known before it is tried", b.isReady());
        b.load(KEY, new byte[] {1});
        assertEquals(1f, b.infer(KEY, X).toFloats()[0], 0);
        assertEquals("onnxruntime", b.engine());
    }

    @Test
    public void noOtherEngineStandsInThanOnnxRuntime() {
        ActiveBackend b = new ActiveBackend(config("djl"));
        b.addEngine(tf, Map.of(InferenceBackend.ENGINE, "tensorflow"));
        assertEquals("an engine is started only when asked for", "none", b.engine());
        b.addEngine(ort, Map.of(InferenceBackend.ENGINE, "onnxruntime"));
        assertEquals("onnxruntime", b.engine());
    }

    @Test
    public void withoutAnyEngineARequestFailsNamingTheConfiguredOne() {
        ActiveBackend b = new ActiveBackend(config("tensorflow"));
        assertFalse(b.isReady());
        try {
            b.load(KEY, new byte[] {1});
            fail();
        } catch (InferenceException e) {
            assertEquals("no inference engine is installed to run segment " + KEY + " (configured: tensorflow)", e.getMessage());
        }
    }

    @Test
    public void unloadFreesTheSegmentOnEveryEngine() throws Exception {
        ActiveBackend b = backend("onnxruntime");
        b.load(KEY, new byte[] {1});
        tf.load(KEY, new byte[] {1});
        b.unload(KEY);
        assertFalse(ort.isLoaded(KEY) || tf.isLoaded(KEY));
        try {
            b.infer(KEY, X);
            fail();
        } catch (InferenceException e) {
            assertEquals("segment " + KEY + " is not loaded", e.getMessage());
        }
    }

    @Test
    public void switchingUnderLoadFailsNoRequest() throws Exception {
        ActiveBackend b = backend("onnxruntime");
        b.load(KEY, new byte[] {1});
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger answered = new AtomicInteger();
        Thread[] callers = new Thread[3];
        for (int i = 0; i < callers.length; i++) {
            callers[i] = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        float v = b.infer(KEY, X).toFloats()[0];
                        if (v != 1f && v != 101f) {
                            throw new AssertionError("neither engine's answer: " + v);
                        }
                        answered.incrementAndGet();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            });
            callers[i].start();
        }
        for (int s = 0; s < 400; s++) {
            b.modified(config(s % 2 == 0 ? "tensorflow" : "onnxruntime"));
            Thread.yield();
        }
        stop.set(true);
        for (Thread t : callers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a request failed during the switches", failure.get());
        }
        assertTrue(answered.get() > 0);
        assertTrue("both engines ran requests", ort.runs.get() > 0 && tf.runs.get() > 0);
    }
}
