package org.coinfer.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.coinfer.onnx.internal.Protos;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Graphs as PyTorch's exporter writes them (torch 1.13.1, opset 13, symbolic batch): the
 * fixtures in src/test/resources/torch, made by src/test/torch/export_fixtures.py from
 * torchvision's classes and building blocks with random weights.
 */
@RunWith(Parameterized.class)
public class TorchExportTest {
    /** Ops each fixture must contain, at least this many times: the test fails if a re-export loses them. */
    private static final Map<String, Map<String, Integer>> OPS = Map.of(
            "resnet", ops("Conv", 8, "Relu", 7, "MaxPool", 1, "Add", 3, "GlobalAveragePool", 1, "Flatten", 1, "Gemm", 1),
            "resnet_bn", ops("Conv", 8, "BatchNormalization", 8, "Relu", 7, "MaxPool", 1, "Add", 3,
                    "GlobalAveragePool", 1, "Flatten", 1, "Gemm", 1),
            "mobilenet", ops("Conv", 16, "Clip", 11, "Add", 3, "GlobalAveragePool", 1, "Flatten", 1, "Gemm", 1),
            "squeezenet", ops("Conv", 11, "Relu", 11, "Concat", 3, "MaxPool", 2, "GlobalAveragePool", 1, "Flatten", 1),
            "inception", ops("Conv", 13, "Relu", 13, "Concat", 2, "MaxPool", 3, "GlobalAveragePool", 1, "Flatten", 1,
                    "Gemm", 1),
            "shufflenet", ops("Conv", 20, "Concat", 12, "Shape", 17, "Gather", 17, "Div", 5, "Cast", 8, "Reshape", 8,
                    "Transpose", 4, "Slice", 2, "ReduceMean", 1, "Gemm", 1),
            "densenet", ops("Conv", 10, "BatchNormalization", 6, "Concat", 6, "Pad", 1, "AveragePool", 1,
                    "GlobalAveragePool", 1, "Flatten", 1, "Gemm", 1),
            "multi_exit", ops("Conv", 4, "MaxPool", 4, "Relu", 5, "BatchNormalization", 2, "Shape", 1, "Gather", 1,
                    "Unsqueeze", 1, "Concat", 1, "Reshape", 1, "Flatten", 2, "Gemm", 4));

    /** Convs with group = channels > 1, and MaxPools with ceil_mode, each fixture must contain. */
    private static final Map<String, Integer> DEPTHWISE = Map.of("mobilenet", 5, "shufflenet", 7);
    private static final Map<String, Integer> CEIL_MODE = Map.of("squeezenet", 2, "inception", 3);

    /** The complete cut lists where they document the expected behaviour: between blocks only. */
    private static final Map<String, List<String>> CUTS = Map.of(
            "resnet", List.of("input", "/stem/stem.0/Conv_output_0", "/stem/stem.2/Relu_output_0",
                    "/stem/stem.3/MaxPool_output_0", "/blocks/blocks.0/Add_output_0", "/blocks/blocks.0/relu_1/Relu_output_0",
                    "/blocks/blocks.1/Add_output_0", "/blocks/blocks.1/relu_1/Relu_output_0", "/blocks/blocks.2/Add_output_0",
                    "/blocks/blocks.2/relu_1/Relu_output_0", "/pool/GlobalAveragePool_output_0", "/Flatten_output_0", "output"),
            "inception", List.of("input", "/stem/stem.0/conv/Conv_output_0", "/stem/stem.0/Relu_output_0",
                    "/stem/stem.1/MaxPool_output_0", "/a/Concat_output_0", "/b/Concat_output_0",
                    "/pool/GlobalAveragePool_output_0", "/Flatten_output_0", "output"),
            "multi_exit", List.of("input", "/stage1/stage1.0/Conv_output_0", "/stage1/stage1.1/MaxPool_output_0",
                    "/stage1/stage1.2/Relu_output_0", "/stage1/stage1.3/BatchNormalization_output_0",
                    "/branch1/branch1.0/Conv_output_0", "/branch1/branch1.1/MaxPool_output_0",
                    "/branch1/branch1.2/Relu_output_0", "/Reshape_output_0", "exit1"));

    private final String name;
    private final byte[] bytes;
    private final OnnxGraph g;

    public TorchExportTest(String name) throws Exception {
        this.name = name;
        this.bytes = Files.readAllBytes(dir().resolve(name + ".onnx"));
        this.g = OnnxGraph.parse(bytes, name + ".onnx");
    }

    @Parameters(name = "{0}")
    public static List<Object[]> fixtures() throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.list(dir())) {
            names = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".onnx"))
                    .map(f -> f.substring(0, f.length() - 5)).sorted().toList();
        }
        assertEquals("every fixture has its expected ops, every expected fixture is there", new HashSet<>(OPS.keySet()),
                new HashSet<>(names));
        return names.stream().map(n -> new Object[] {n}).toList();
    }

    private static Path dir() throws Exception {
        return Path.of(TorchExportTest.class.getResource("/torch").toURI());
    }

    @Test
    public void theExporterPatternsArePresent() throws Exception {
        assertEquals(13, g.opset());
        assertEquals("symbolic batch", -1, g.input().shape()[0]);
        Map<String, Long> counts = g.nodes().stream().collect(Collectors.groupingBy(OnnxNode::opType, TreeMap::new,
                Collectors.counting()));
        OPS.get(name).forEach((op, least) ->
                assertTrue(name + " has " + counts + ", expected at least " + least + " " + op,
                        counts.getOrDefault(op, 0L) >= least));
        List<NodeProto> nodes = ModelProto.parseFrom(bytes).getGraph().getNodeList();
        List<NodeProto> depthwise = nodes.stream().filter(n -> n.getOpType().equals("Conv")).filter(n -> {
            long group = Protos.attrInt(n, "group", 1);
            return group > 1 && group == g.shape(n.getInput(0))[1] && group == g.shape(n.getOutput(0))[1];
        }).toList();
        assertTrue(name + ": depthwise convs " + depthwise.size(), depthwise.size() >= DEPTHWISE.getOrDefault(name, 0));
        for (NodeProto conv : depthwise) { // each output element reads one channel: k*k multiply-adds
            long[] kernel = Protos.attrInts(conv, "kernel_shape");
            OnnxNode node = g.nodes().stream().filter(n -> n.name().equals(conv.getName())).findFirst().orElseThrow();
            assertEquals(conv.getName(), 2 * node.outputBytes() / 4 * kernel[0] * kernel[1], node.flops());
        }
        long ceil = nodes.stream().filter(n -> n.getOpType().equals("MaxPool") && Protos.attrInt(n, "ceil_mode", 0) == 1).count();
        assertTrue(name + ": ceil_mode pools " + ceil, ceil >= CEIL_MODE.getOrDefault(name, 0));
    }

    @Test
    public void cutsLieBetweenBlocksOnly() {
        Set<String> fromInput = fromInput();
        for (String exit : g.outputs()) {
            List<String> cuts = g.cutPoints(exit);
            assertTrue(name + " " + exit + ": only input and output are cuts", cuts.size() > 2);
            // A join (residual Add, branch Concat, Reshape reading a Shape of its own input) and
            // its dominating cut are consecutive cuts: nothing on the parallel paths is a cut.
            for (OnnxNode join : g.nodes()) {
                Set<String> paths = join.inputs().stream().filter(fromInput::contains).collect(Collectors.toSet());
                String out = join.outputs().get(0);
                if (paths.size() < 2 || !cuts.contains(out)) {
                    continue;
                }
                List<String> toJoin = g.cutPoints(out);
                String dominator = toJoin.get(toJoin.size() - 2);
                assertEquals(name + " " + exit + ": cuts between " + dominator + " and " + out + ": " + cuts,
                        cuts.indexOf(dominator) + 1, cuts.indexOf(out));
            }
            for (String cut : cuts) {
                OnnxNode producer = producer(cut);
                assertTrue(name + ": shape arithmetic " + cut + " is a cut", producer == null
                        || !List.of("Shape", "Gather", "Unsqueeze", "Constant").contains(producer.opType()));
            }
        }
        List<String> expected = CUTS.get(name);
        if (expected != null) {
            assertEquals(name, expected, g.cutPoints(expected.get(expected.size() - 1)));
        }
    }

    @Test
    public void chainedSegmentsReproduceTheModelAtBatchTwo() throws Exception {
        long[] shape = g.input().shape();
        shape[0] = 2;
        Ort.T x = Ort.random(name.hashCode(), shape);
        for (Ort.T y : Ort.run(bytes, x)) { // the two inputs must give clearly different answers
            int half = y.values().length / 2;
            float[] first = Arrays.copyOfRange(y.values(), 0, half);
            float[] second = Arrays.copyOfRange(y.values(), half, 2 * half);
            assertEquals(2, y.shape()[0]);
            assertTrue(name + ": outputs barely depend on the input", Ort.maxAbsDiff(first, second) > 100 * SegmentChecks.TOLERANCE);
        }
        SegmentChecks.checkEveryCutOfEveryExit(bytes, name + ".onnx", x);
    }

    @Test
    public void staticShapesAndFeaturesOfEveryNodeAreKnownAndAgreeWithOnnxRuntime() throws Exception {
        long[] shape = g.input().shape();
        shape[0] = 1;
        Ort.T x = Ort.random(3, shape);
        Set<String> fromInput = fromInput();
        for (OnnxNode n : g.nodes()) {
            String out = n.outputs().get(0);
            long[] inferred = g.shape(out);
            assertNotNull(name + ": no static shape for " + out, inferred);
            assertTrue(name + ": features of " + n, n.flops() >= 0 && n.params() >= 0 && n.inputBytes() >= 0
                    && n.outputBytes() >= 0);
            if (fromInput.contains(out)) {
                assertArrayEquals(name + ": " + out, Ort.run1(g.extract(g.input().name(), out), x).shape(),
                        inferred);
            }
        }
    }

    private Set<String> fromInput() {
        Set<String> reach = new HashSet<>(List.of(g.input().name()));
        for (OnnxNode n : g.nodes()) {
            if (n.inputs().stream().anyMatch(reach::contains)) {
                reach.addAll(n.outputs());
            }
        }
        return reach;
    }

    private OnnxNode producer(String tensor) {
        return g.nodes().stream().filter(n -> n.outputs().contains(tensor)).findFirst().orElse(null);
    }

    private static Map<String, Integer> ops(Object... opAndCount) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < opAndCount.length; i += 2) {
            m.put((String) opAndCount[i], (Integer) opAndCount[i + 1]);
        }
        return m;
    }
}
