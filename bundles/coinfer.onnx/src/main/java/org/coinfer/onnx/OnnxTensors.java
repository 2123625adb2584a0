package org.coinfer.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.internal.GraphModel;
import org.coinfer.onnx.internal.TensorProtos;

/**
 * ONNX tensors outside a model, as ONNX's own test suites store them ({@code input_0.pb}), and
 * the rewrite that turns such a multi-input test model into a segment Coinfer can run: every
 * input but one becomes an initializer, and one output is kept.
 */
public final class OnnxTensors {
    private OnnxTensors() {
    }

    /** Parses a serialized TensorProto; {@code source} names it in the {@link OnnxFormatException}. */
    public static Tensor parse(byte[] tensorProto, String source) {
        try {
            return TensorProtos.toTensor(TensorProto.parseFrom(tensorProto));
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(source, "not an ONNX TensorProto (" + e.getMessage() + ")");
        } catch (GraphModel.Invalid e) {
            throw new OnnxFormatException(source, e.getMessage());
        }
    }

    /** The names of a model's graph inputs that no initializer provides, in declaration order. */
    public static List<String> inputs(byte[] model, String source) {
        ModelProto m = model(model, source);
        var init = m.getGraph().getInitializerList().stream().map(TensorProto::getName).toList();
        return m.getGraph().getInputList().stream().map(ValueInfoProto::getName).filter(n -> !init.contains(n)).toList();
    }

    /** The names of a model's graph outputs in declaration order. */
    public static List<String> outputs(byte[] model, String source) {
        return model(model, source).getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
    }

    /**
     * The model with each entry of {@code constants} turned from a graph input into an
     * initializer, and {@code output} as its only output.
     */
    public static byte[] bind(byte[] model, Map<String, Tensor> constants, String output, String source) {
        ModelProto m = model(model, source);
        var g = m.getGraph().toBuilder();
        if (g.getOutputList().stream().noneMatch(v -> v.getName().equals(output))) {
            throw new OnnxFormatException(source, "no graph output named '" + output + "'");
        }
        List<ValueInfoProto> kept = g.getOutputList().stream().filter(v -> v.getName().equals(output)).toList();
        g.clearOutput().addAllOutput(kept);
        List<ValueInfoProto> inputs = g.getInputList().stream().filter(v -> !constants.containsKey(v.getName())).toList();
        g.clearInput().addAllInput(inputs);
        for (Map.Entry<String, Tensor> c : constants.entrySet()) {
            Tensor t = c.getValue();
            g.addInitializer(TensorProto.newBuilder().setName(c.getKey()).setDataType(t.dtype().code())
                    .addAllDims(java.util.Arrays.stream(t.shape()).boxed().toList())
                    .setRawData(ByteString.copyFrom(t.data())));
        }
        return m.toBuilder().setGraph(g).build().toByteArray();
    }

    private static ModelProto model(byte[] model, String source) {
        try {
            return ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(source, "not an ONNX model (" + e.getMessage() + ")");
        }
    }
}
