package org.coinfer.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.coinfer.onnx.DemoModels;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/** The builder's shapes and names, without training. */
public class BranchyNetTest {
    @BeforeClass
    public static void offline() {
        Djl.offline();
    }

    @Test
    public void bAlexNetHasFiveTenWayExits() {
        BranchyNet net = Architectures.bAlexNet();
        assertEquals(List.of("exit1", "exit2", "exit3", "exit4", "exit5"), net.exits());
        Shape[] out = net.getOutputShapes(new Shape[] {new Shape(3, 1, 28, 28)});
        assertEquals(5, out.length);
        for (Shape s : out) {
            assertArrayEquals(new long[] {3, 10}, s.getShape());
        }
        assertEquals(List.of("conv1", "exit1.fc", "conv2", "exit2.fc", "conv3", "exit3.fc", "conv4", "exit4.fc", "conv5",
                "fc1", "fc2", "fc3"), List.copyOf(net.layers().keySet()));
    }

    @Test
    public void bAlexNetExportsExactlyAsTheBuiltInModelIsWritten() {
        BranchyNet net = Architectures.bAlexNet();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            byte[] exported = OnnxExport.export(net, "multi_exit_cnn", 1, 28, 28);
            byte[] written = DemoModels.multiExitCnn((name, shape) -> {
                assertArrayEquals(name, shape, OnnxExport.parameter(net, name).getShape().getShape());
                return OnnxExport.parameter(net, name).toFloatArray();
            });
            assertArrayEquals("same operators, names, attributes and weights", written, exported);
        }
    }

    @Test
    public void bLeNetExportsToAGraphOnnxRuntimeRuns() throws Exception {
        BranchyNet net = Architectures.bLeNet();
        byte[] onnx;
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            onnx = OnnxExport.export(net, "b-lenet", 1, 28, 28);
        }
        assertEquals(List.of("exit1", "exit2", "exit3"), org.coinfer.onnx.OnnxGraph.parse(onnx, "b-lenet.onnx").outputs());
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        float[] x = new float[2 * 28 * 28];
        java.util.Arrays.fill(x, 0.5f);
        try (var session = env.createSession(onnx, new ai.onnxruntime.OrtSession.SessionOptions());
                var in = ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(x), new long[] {2, 1, 28, 28});
                var result = session.run(java.util.Map.of("input", in))) {
            assertEquals(3, result.size());
            for (var output : result) {
                var t = (ai.onnxruntime.OnnxTensor) output.getValue();
                assertArrayEquals(new long[] {2, 10}, t.getInfo().getShape());
            }
        }
    }

    @Test
    public void bLeNetTakesAFewLines() {
        BranchyNet net = Architectures.bLeNet();
        Shape[] out = net.getOutputShapes(new Shape[] {new Shape(2, 1, 28, 28)});
        assertEquals(3, out.length);
        assertArrayEquals(new long[] {2, 10}, out[2].getShape());
    }

    @Test
    public void lossWeightsMustMatchExits() {
        assertArrayEquals(new float[] {1, 0.5f, 2}, JointLoss.parseWeights("1, 0.5,2", 3), 0);
        try {
            JointLoss.parseWeights("1,1", 3);
            throw new AssertionError("accepted too few weights");
        } catch (IllegalArgumentException expected) {
            assertEquals("--loss-weights needs 3 values, got 2: 1,1", expected.getMessage());
        }
    }
}
