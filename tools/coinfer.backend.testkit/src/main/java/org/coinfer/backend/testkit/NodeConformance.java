package org.coinfer.backend.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.coinfer.api.DType;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.OnnxGraph;
import org.coinfer.onnx.OnnxNode;
import org.coinfer.onnx.OnnxTensors;
import org.coinfer.onnx.program.UnsupportedOperatorException;

/**
 * ONNX's own backend node tests (Debian's {@code libonnx-testdata}) run through an
 * {@link InferenceBackend}. A case is taken when every node of its model is a supported operator;
 * its first input stays the segment's input, the others become constants, and each output is
 * checked on its own, with the suite's tolerance: {@code |got - expected| <= 1e-7 + 1e-3 |expected|}.
 */
public final class NodeConformance {
    /** Where Debian installs the suite; {@code -Dcoinfer.onnx.testdata} overrides it. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/libonnx-testdata/data/node");
    private static final double RTOL = 1e-3;
    private static final double ATOL = 1e-7;

    private NodeConformance() {
    }

    /**
     * The operators every backend runs: those of the shipped model and of PyTorch's exports of
     * ResNet, MobileNet, SqueezeNet, Inception, ShuffleNet and DenseNet, after shape arithmetic
     * is folded.
     */
    public static final Set<String> CNN_OPERATORS = Set.of("Conv", "Relu", "Clip", "MaxPool", "AveragePool",
            "GlobalAveragePool", "LRN", "BatchNormalization", "Gemm", "MatMul", "Add", "Mul", "Concat", "Flatten",
            "Reshape", "Transpose", "Split", "Slice", "Pad", "Softmax", "Shape", "Gather", "Unsqueeze", "Dropout",
            "Identity", "Constant");

    /** How one checked output of one case went. */
    public enum Status { PASSED, FAILED, REFUSED }

    /**
     * One checked output of one case; REFUSED when the backend declined the segment at load with
     * an {@link UnsupportedOperatorException} (an attribute value it does not implement).
     */
    public record Result(String testCase, String ops, Status status, String reason) {
        public boolean passed() {
            return status == Status.PASSED;
        }
    }

    /**
     * The results, with the supported operators' pass counts; {@code outOfScope} lists the cases
     * of those operators that hold values Coinfer's tensors cannot (booleans: Dropout's training
     * mode and mask), with the reason.
     */
    public record Report(String engine, List<Result> results, List<String> outOfScope) {
        public List<Result> with(Status status) {
            return results.stream().filter(r -> r.status() == status).toList();
        }

        /** Per operator (or operator combination): passed, refused and total. */
        public Map<String, int[]> counts() {
            Map<String, int[]> out = new TreeMap<>();
            for (Result r : results) {
                int[] c = out.computeIfAbsent(r.ops(), k -> new int[3]);
                c[0] += r.passed() ? 1 : 0;
                c[1] += r.status() == Status.REFUSED ? 1 : 0;
                c[2]++;
            }
            return out;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("ONNX node conformance on " + engine + ": " + with(Status.PASSED).size()
                    + " of " + results.size() + " outputs passed, " + with(Status.REFUSED).size() + " refused at load, "
                    + with(Status.FAILED).size() + " failed; " + outOfScope.size() + " cases out of scope\n");
            counts().forEach((op, c) -> b.append(String.format("  %-44s %3d/%-3d%s%n", op, c[0], c[2],
                    c[1] > 0 ? " (" + c[1] + " refused)" : "")));
            outOfScope.forEach(c -> b.append("  out of scope: ").append(c).append('\n'));
            for (Result r : results) {
                if (!r.passed()) {
                    b.append("  ").append(r.status()).append(' ').append(r.testCase()).append(": ").append(r.reason()).append('\n');
                }
            }
            return b.toString();
        }
    }

    /** The suite's folder; a clear error when the package is not installed. */
    public static Path dir() {
        Path d = Path.of(System.getProperty("coinfer.onnx.testdata", DEFAULT_DIR.toString()));
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("ONNX node tests not found at " + d
                    + ": install Debian's libonnx-testdata (.ci/run does) or set -Dcoinfer.onnx.testdata");
        }
        return d;
    }

    /** Runs every case whose operators are all in {@code supported}. */
    public static Report run(InferenceBackend backend, Set<String> supported) {
        List<Result> results = new ArrayList<>();
        List<String> outOfScope = new ArrayList<>();
        for (Path c : cases(dir())) {
            byte[] model = read(c.resolve("model.onnx"));
            Set<String> ops = opTypes(model, c);
            if (ops == null || !supported.containsAll(ops)) {
                continue;
            }
            String untyped = untypedValue(c);
            if (untyped != null) {
                outOfScope.add(c.getFileName() + " (" + untyped + ")");
                continue;
            }
            results.addAll(check(backend, c, model, String.join("+", ops)));
        }
        if (results.isEmpty()) {
            throw new IllegalStateException("no ONNX node test uses only " + supported);
        }
        return new Report(backend.engine(), results, outOfScope);
    }

    /** Why one of the case's tensors cannot be a Coinfer tensor, or null if all can. */
    private static String untypedValue(Path c) {
        try (Stream<Path> s = Files.list(c.resolve("test_data_set_0"))) {
            for (Path p : s.sorted().toList()) {
                try {
                    OnnxTensors.parse(read(p), p.getFileName().toString());
                } catch (RuntimeException e) {
                    return e.getMessage();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> cases(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator types of a model, or null if the suite's model is not one Coinfer can read. */
    private static Set<String> opTypes(byte[] model, Path c) {
        try {
            List<String> inputs = OnnxTensors.inputs(model, c.toString());
            Map<String, Tensor> rest = new LinkedHashMap<>();
            for (int i = 1; i < inputs.size(); i++) {
                rest.put(inputs.get(i), Tensor.ofFloats(new long[] {1}, new float[1]));
            }
            byte[] one = OnnxTensors.bind(model, rest, OnnxTensors.outputs(model, c.toString()).get(0), c.toString());
            Set<String> ops = new TreeSet<>();
            for (OnnxNode n : OnnxGraph.parse(one, c.toString()).nodes()) {
                ops.add(n.opType());
            }
            return ops;
        } catch (RuntimeException unreadable) { // no input, sequences, optional types: not a tensor segment
            return null;
        }
    }

    private static List<Result> check(InferenceBackend backend, Path c, byte[] model, String ops) {
        String name = c.getFileName().toString();
        List<Result> out = new ArrayList<>();
        Path data = c.resolve("test_data_set_0");
        List<String> inputs = OnnxTensors.inputs(model, name);
        List<String> outputs = OnnxTensors.outputs(model, name);
        Map<String, Tensor> constants = new LinkedHashMap<>();
        Tensor input;
        try {
            input = OnnxTensors.parse(read(data.resolve("input_0.pb")), name + "/input_0.pb");
            for (int i = 1; i < inputs.size(); i++) {
                constants.put(inputs.get(i), OnnxTensors.parse(read(data.resolve("input_" + i + ".pb")), name + "/input_" + i + ".pb"));
            }
        } catch (RuntimeException e) {
            return List.of(new Result(name, ops, Status.FAILED, "cannot read its inputs: " + e.getMessage()));
        }
        for (int k = 0; k < outputs.size(); k++) {
            String label = outputs.size() == 1 ? name : name + "[" + outputs.get(k) + "]";
            SegmentKey key = new SegmentKey("conformance/" + name, 0, k, k + 1);
            try {
                Tensor expected = OnnxTensors.parse(read(data.resolve("output_" + k + ".pb")), name + "/output_" + k + ".pb");
                backend.load(key, OnnxTensors.bind(model, constants, outputs.get(k), name));
                Tensor got = backend.infer(key, input);
                String why = compare(got, expected);
                out.add(new Result(label, ops, why == null ? Status.PASSED : Status.FAILED, why));
            } catch (InferenceException | RuntimeException e) {
                out.add(new Result(label, ops, refused(e) ? Status.REFUSED : Status.FAILED, e.getMessage()));
            } finally {
                backend.unload(key);
            }
        }
        return out;
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperatorException) {
                return true;
            }
        }
        return false;
    }

    /** Null when equal within the suite's tolerance, else what differs. */
    static String compare(Tensor got, Tensor expected) {
        if (!java.util.Arrays.equals(got.shape(), expected.shape()) || got.dtype() != expected.dtype()) {
            return "expected " + expected + ", found " + got;
        }
        var g = got.data();
        var e = expected.data();
        long n = expected.elementCount();
        for (long i = 0; i < n; i++) {
            double a = value(g, expected.dtype());
            double b = value(e, expected.dtype());
            boolean ok = expected.dtype() == DType.FLOAT32 || expected.dtype() == DType.FLOAT64
                    ? Math.abs(a - b) <= ATOL + RTOL * Math.abs(b) || (Double.isNaN(a) && Double.isNaN(b)) || a == b
                    : a == b;
            if (!ok) {
                return "element " + i + ": expected " + b + ", found " + a;
            }
        }
        return null;
    }

    private static double value(java.nio.ByteBuffer b, DType t) {
        return switch (t) {
            case FLOAT32 -> b.getFloat();
            case FLOAT64 -> b.getDouble();
            case INT64 -> b.getLong();
            case INT32 -> b.getInt();
            case UINT8 -> b.get() & 0xff;
            case INT8 -> b.get();
        };
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
