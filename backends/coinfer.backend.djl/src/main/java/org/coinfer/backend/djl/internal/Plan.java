package org.coinfer.backend.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.coinfer.api.DType;
import org.coinfer.api.InferenceException;
import org.coinfer.api.Tensor;

/**
 * A segment prepared once at load: its constants as arrays in the segment's manager and its ops
 * as kernels over numbered value slots. Requests run concurrently, each in its own sub-manager
 * that is closed when the request ends, so intermediate arrays never outlive a request.
 */
final class Plan implements AutoCloseable {
    /** Runs one op: its inputs' arrays in ONNX order (null for absent or unused ones), its outputs'. */
    interface Kernel {
        NDArray[] run(NDArray[] in);
    }

    /** One op: where its inputs come from and its outputs go, and which slots it reads last. */
    record Step(String node, String opType, Kernel kernel, int[] inputs, int[] outputs, int[] lastUses) {
    }

    private final String source;
    private final NDManager manager;
    private final long[] inputShape;
    private final DType inputType;
    private final int input;
    private final int output;
    /** The constant arrays by slot, null elsewhere; every request starts from a copy. */
    private final NDArray[] constants;
    private final Set<NDArray> constantSet;
    private final List<Step> steps;
    /** Set when the output is a constant: the segment computes nothing. */
    private final Tensor constantOutput;

    Plan(String source, NDManager manager, long[] inputShape, DType inputType, int input, int output,
            NDArray[] constants, List<Step> steps, Tensor constantOutput) {
        this.source = source;
        this.manager = manager;
        this.inputShape = inputShape;
        this.inputType = inputType;
        this.input = input;
        this.output = output;
        this.constants = constants;
        this.steps = List.copyOf(steps);
        this.constantOutput = constantOutput;
        this.constantSet = Collections.newSetFromMap(new IdentityHashMap<>());
        for (NDArray c : constants) {
            if (c != null) {
                constantSet.add(c);
            }
        }
    }

    Tensor run(Tensor in) throws InferenceException {
        if (in.dtype() != inputType || !Arrays.equals(in.shape(), inputShape)) {
            throw new InferenceException(source + " expects input " + inputType + Arrays.toString(inputShape) + ", found " + in);
        }
        if (constantOutput != null) {
            return constantOutput;
        }
        try (NDManager request = manager.newSubManager()) {
            NDArray[] v = constants.clone();
            v[input] = Tensors.toNd(request, in);
            for (Step s : steps) {
                run(s, v, request);
            }
            return Tensors.fromNd(v[output]);
        }
    }

    private void run(Step s, NDArray[] v, NDManager request) throws InferenceException {
        NDArray[] in = new NDArray[s.inputs().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = s.inputs()[i] < 0 ? null : v[s.inputs()[i]];
        }
        NDArray[] out;
        try {
            out = s.kernel().run(in);
        } catch (RuntimeException e) {
            throw new InferenceException(source + ": node '" + s.node() + "' (" + s.opType() + ") failed: " + e.getMessage(), e);
        }
        for (int k = 0; k < s.outputs().length; k++) {
            NDArray a = out[k];
            // An op on a constant leaves its result in the segment's manager: move it to the request's.
            if (!constantSet.contains(a) && a.getManager() != request) {
                a.attach(request);
            }
            v[s.outputs()[k]] = a;
        }
        // Free what no later op reads (the input stays: libtorch may still view its buffer).
        for (int slot : s.lastUses()) {
            NDArray a = v[slot];
            if (slot != input && a != null && !constantSet.contains(a) && !isAmong(a, out)) {
                a.close();
            }
            v[slot] = null;
        }
    }

    private static boolean isAmong(NDArray a, NDArray[] arrays) {
        for (NDArray b : arrays) {
            if (a == b) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        manager.close();
    }
}
