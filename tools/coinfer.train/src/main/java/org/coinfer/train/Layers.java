package org.coinfer.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coinfer.onnx.OnnxModelBuilder;

/**
 * A fluent chain of layers. Each call adds the DJL block that trains and, next to it, the ONNX
 * operators that compute the same function, so a network defined once both trains and exports.
 * Layers with parameters carry a name (e.g. {@code conv1}, {@code exit2.fc}) under which the
 * network keeps them and the exporter finds them ({@code conv1.weight}, {@code exit2.fc.bias}).
 */
public final class Layers {
    /** Trained parameters by name, with their shapes. */
    interface Params {
        float[] values(String name);

        long[] shape(String name);
    }

    /** Appends one layer's ONNX operators to a graph. */
    @FunctionalInterface
    interface OnnxStep {
        void write(OnnxModelBuilder m, Params p);
    }

    private final SequentialBlock block = new SequentialBlock();
    private final List<OnnxStep> onnx = new ArrayList<>();
    private final Map<String, Block> named;

    Layers(Map<String, Block> named) {
        this.named = named;
    }

    /** Square {@code kernel} convolution, stride 1, {@code pad} zeros on every side, with bias. */
    public Layers conv(String name, int filters, int kernel, int pad) {
        return add(name, Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad)).build(),
                (m, p) -> m.conv(p.values(name + ".weight"), p.shape(name + ".weight"), p.values(name + ".bias"), 1, pad));
    }

    /** Fully connected layer on a flat input; weight {@code [units, in]} like PyTorch and ONNX Gemm(transB=1). */
    public Layers fc(String name, int units) {
        return add(name, Linear.builder().setUnits(units).build(),
                (m, p) -> m.gemm(p.values(name + ".weight"), p.shape(name + ".weight"), p.values(name + ".bias")));
    }

    public Layers relu() {
        return add(Activation.reluBlock(), (m, p) -> m.relu());
    }

    /** Max pool with kernel = stride = {@code k}, no padding, floor rounding (ONNX's default). */
    public Layers maxPool(int k) {
        return add(Pool.maxPool2dBlock(new Shape(k, k), new Shape(k, k)), (m, p) -> m.maxPool(k, k));
    }

    /** Mean over each channel's whole map: {@code N x C x H x W} to {@code N x C} (ONNX GlobalAveragePool + Flatten). */
    public Layers globalAvgPool() {
        return add(Pool.globalAvgPool2dBlock(), (m, p) -> m.globalAveragePool().flatten());
    }

    public Layers lrn(int size, float alpha, float beta, float bias) {
        return add(Lrn.block(size, alpha, beta, bias), (m, p) -> m.lrn(size, alpha, beta, bias));
    }

    /** Everything after the batch axis into one axis (ONNX Flatten, axis 1). */
    public Layers flatten() {
        return add(Blocks.batchFlattenBlock(), (m, p) -> m.flatten());
    }

    /** Dropout with drop probability {@code p}; DJL applies it only in training forwards, ONNX Runtime never. */
    public Layers dropout(float rate) {
        return add(Dropout.builder().optRate(rate).build(), (m, p) -> m.dropout());
    }

    SequentialBlock block() {
        return block;
    }

    List<OnnxStep> onnx() {
        return List.copyOf(onnx);
    }

    private Layers add(String name, Block layer, OnnxStep step) {
        if (named.putIfAbsent(name, layer) != null) {
            throw new IllegalArgumentException("layer name '" + name + "' is used twice");
        }
        return add(layer, step);
    }

    private Layers add(Block layer, OnnxStep step) {
        block.add(layer);
        onnx.add(step);
        return this;
    }
}
