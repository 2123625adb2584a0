package org.coinfer.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.coinfer.api.DType;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;

/** An edge whose answers are easy to check: for transport tests on both sides of the link. */
public final class NegatingEdge {
    public static final HostProfile PROFILE = new HostProfile("neg", "h1", Host.EDGE, List.of(List.of(1.0, 2.0)));

    /** Negates float tensors; "slow" sleeps first; "fail" throws. */
    public static final EdgeExecutor EXECUTOR = new EdgeExecutor() {
        @Override
        public Tensor finish(InferenceRequest r) throws InferenceException {
            String modelId = r.modelId();
            Tensor input = r.tensor();
            int exit = r.exit();
            if (modelId.equals("fail")) {
                throw new InferenceException("segment fail/" + exit + " is not loaded");
            }
            if (modelId.equals("slow")) {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ByteBuffer in = input.data();
            ByteBuffer out = ByteBuffer.allocateDirect(in.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            while (in.hasRemaining()) {
                out.putFloat(-in.getFloat());
            }
            return new Tensor(DType.FLOAT32, input.shape(), out.flip());
        }

        @Override
        public HostProfile profile(String modelId) throws InferenceException {
            if (!modelId.equals("neg")) {
                throw new InferenceException("model " + modelId + " is not loaded here");
            }
            return PROFILE;
        }
    };

    public static Tensor floats(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5f - 7;
        }
        return Tensor.ofFloats(new long[] {1, n}, v);
    }

    private NegatingEdge() {
    }
}
