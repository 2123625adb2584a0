package org.coinfer.backend.djl.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.DemoModels;
import org.coinfer.onnx.OnnxModelBuilder;
import org.junit.Test;

/** Loading, errors, concurrency and memory of the component itself. */
public class DjlBackendTest {
    private final SegmentKey key = new SegmentKey("demo", 0, 0, 1);

    @Test
    public void anUnsupportedOperatorIsRefusedAtLoadNamingNodeAndType() {
        byte[] model = OnnxModelBuilder.input("x", 1, 3, 4, 4).node("Elu", Map.of(), "x").exit("y").build();
        try {
            Backends.DJL.load(key, model);
            fail("loaded a segment with an Elu");
        } catch (InferenceException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("node 'y' is a Elu") && e.getMessage().contains("djl"));
        }
        assertFalse(Backends.DJL.isLoaded(key));
    }

    @Test
    public void anUnsupportedAttributeIsRefusedAtLoad() {
        byte[] model = OnnxModelBuilder.input("x", 1, 3, 4, 4)
                .node("Pad", Map.of("mode", "reflect", "pads", new long[] {0, 0, 1, 1, 0, 0, 1, 1}), "x").exit("y").opset(10).build();
        try {
            Backends.DJL.load(key, model);
            fail("loaded a reflecting Pad");
        } catch (InferenceException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("mode reflect") && e.getMessage().contains("Pad"));
        }
    }

    @Test
    public void aWrongInputIsNamed() throws Exception {
        Backends.DJL.load(key, DemoModels.chain(1));
        try {
            Backends.DJL.infer(key, Tensor.ofFloats(new long[] {1, 2}, new float[2]));
            fail("ran on a wrong input");
        } catch (InferenceException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("expects input FLOAT32"));
        } finally {
            Backends.DJL.unload(key);
        }
        try {
            Backends.DJL.infer(key, Tensor.ofFloats(new long[] {1, 2}, new float[2]));
            fail("ran an unloaded segment");
        } catch (InferenceException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not loaded"));
        }
    }

    @Test
    public void concurrentRequestsGetTheSequentialAnswerAndMemoryStaysFlat() throws Exception {
        byte[] model = DemoModels.multiExitCnn(2);
        org.coinfer.onnx.OnnxGraph g = org.coinfer.onnx.OnnxGraph.parse(model, "demo");
        byte[] exit = g.extract(g.cutPoints(g.outputs().get(0)).get(0), g.outputs().get(0));
        Backends.DJL.load(key, exit);
        try {
            long[] shape = g.input().shape();
            shape[0] = 1;
            Tensor in = Backends.random(3, shape);
            Tensor expected = Backends.DJL.infer(key, in);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long before = residentKb();
            List<Future<Tensor>> answers = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                answers.add(pool.submit(() -> Backends.DJL.infer(key, in)));
            }
            for (Future<Tensor> f : answers) {
                assertEquals(expected, f.get());
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            long grown = residentKb() - before;
            assertTrue("resident memory grew by " + grown + " KB over 2000 requests", grown < 64 * 1024);
        } finally {
            Backends.DJL.unload(key);
        }
    }

    private static long residentKb() throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
