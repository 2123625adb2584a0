package org.coinfer.backend.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.program.OnnxProgram;
import org.coinfer.onnx.program.Op;
import org.coinfer.onnx.program.UnsupportedOperatorException;

/**
 * Turns a lowered segment into a {@link Plan}: numbers its values, makes arrays of the constants
 * the ops read as data, and has {@link Kernels} prepare each op once. What an op reads as a
 * parameter (a shape, pads, clip bounds) must be constant and is read here, not per request.
 */
final class Lowering {
    static final String ENGINE = "djl";

    /** A prepared op: how to run it and which of its inputs it reads at run time. */
    record Compiled(Plan.Kernel kernel, int... dataInputs) {
    }

    final OnnxProgram program;
    final NDManager manager;
    private final Map<String, NDArray> arrays = new HashMap<>();

    private Lowering(OnnxProgram program, NDManager manager) {
        this.program = program;
        this.manager = manager;
    }

    /** Prepares {@code program}; on failure the manager is closed. */
    static Plan plan(OnnxProgram program, NDManager manager) {
        try {
            return new Lowering(program, manager).build();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private Plan build() {
        Map<String, Integer> slots = new HashMap<>();
        slots.put(program.input(), 0);
        List<Compiled> compiled = new ArrayList<>();
        for (Op op : program.ops()) {
            compiled.add(Kernels.compile(op, this));
            for (String o : op.outputs()) {
                if (!o.isEmpty()) {
                    slots.putIfAbsent(o, slots.size());
                }
            }
        }
        List<int[]> inputs = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            Op op = program.ops().get(i);
            // Kernels index inputs by ONNX position, absent trailing optional ones included.
            int[] in = new int[Math.max(op.inputs().size(), java.util.Arrays.stream(compiled.get(i).dataInputs()).max().orElse(-1) + 1)];
            java.util.Arrays.fill(in, -1);
            for (int k : compiled.get(i).dataInputs()) {
                if (op.hasInput(k)) {
                    String name = op.inputs().get(k);
                    if (!slots.containsKey(name)) { // a constant read as data
                        slots.put(name, slots.size());
                    }
                    in[k] = slots.get(name);
                }
            }
            inputs.add(in);
        }
        NDArray[] constants = new NDArray[slots.size()];
        slots.forEach((name, slot) -> {
            if (program.constants().containsKey(name)) {
                constants[slot] = array(name);
            }
        });
        String out = program.output();
        Tensor constantOutput = program.constants().get(out);
        if (constantOutput == null && !slots.containsKey(out)) {
            throw new IllegalArgumentException(program.source() + ": the output '" + out + "' is not computed");
        }
        int[] lastUse = new int[slots.size()];
        java.util.Arrays.fill(lastUse, -1);
        for (int i = 0; i < inputs.size(); i++) {
            for (int slot : inputs.get(i)) {
                if (slot >= 0) {
                    lastUse[slot] = i;
                }
            }
        }
        List<Plan.Step> steps = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            Op op = program.ops().get(i);
            int[] outs = op.outputs().stream().filter(o -> !o.isEmpty()).mapToInt(slots::get).toArray();
            int step = i;
            int outSlot = constantOutput == null ? slots.get(out) : -1;
            int[] last = java.util.stream.IntStream.range(0, lastUse.length)
                    .filter(s -> lastUse[s] == step && s != outSlot).toArray();
            steps.add(new Plan.Step(op.name(), op.opType(), compiled.get(i).kernel(), inputs.get(i), outs, last));
        }
        return new Plan(program.source(), manager, program.inputShape(), program.inputType(), 0,
                constantOutput == null ? slots.get(out) : -1, constants, steps, constantOutput);
    }

    /** The constant {@code name} as an array in the segment's manager. */
    NDArray array(String name) {
        return arrays.computeIfAbsent(name, n -> Tensors.toNd(manager, program.constants().get(n)));
    }

    boolean isConstant(String name) {
        return program.constants().containsKey(name);
    }

    long[] shape(String value) {
        return program.shape(value);
    }

    /** A constant integer input's elements, or null when the input is absent. */
    long[] ints(Op op, int input, String role) {
        Tensor t = constantInput(op, input, role);
        if (t == null) {
            return null;
        }
        ByteBuffer b = t.data();
        long[] v = new long[Math.toIntExact(t.elementCount())];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (t.dtype()) {
                case INT64 -> b.getLong();
                case INT32 -> b.getInt();
                default -> throw unsupported(op, "a " + t.dtype() + " " + role + " input");
            };
        }
        return v;
    }

    /** A constant float input's single value, or {@code dflt} when the input is absent. */
    float scalar(Op op, int input, String role, float dflt) {
        Tensor t = constantInput(op, input, role);
        if (t == null) {
            return dflt;
        }
        if (t.elementCount() != 1) {
            throw unsupported(op, "a " + t + " " + role + " input");
        }
        ByteBuffer b = t.data();
        return switch (t.dtype()) {
            case FLOAT32 -> b.getFloat();
            case FLOAT64 -> (float) b.getDouble();
            case INT8 -> b.get();
            case UINT8 -> b.get() & 0xff;
            case INT32 -> b.getInt();
            case INT64 -> b.getLong();
        };
    }

    private Tensor constantInput(Op op, int input, String role) {
        if (!op.hasInput(input)) {
            return null;
        }
        Tensor t = program.constants().get(op.inputs().get(input));
        if (t == null) {
            throw unsupported(op, "a computed " + role + " input");
        }
        return t;
    }

    UnsupportedOperatorException unsupported(Op op, String feature) {
        return new UnsupportedOperatorException(program.source(), op, feature, ENGINE);
    }
}
