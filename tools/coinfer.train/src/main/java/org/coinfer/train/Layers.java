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
import java.util.Map;

/**
 * A fluent chain of layers. Layers with parameters carry a name (e.g. {@code conv1},
 * {@code exit2.fc}) under which the network keeps them, so an exporter can look the trained
 * weights up by the same names it writes ({@code conv1.weight}, {@code exit2.fc.bias}).
 */
public final class Layers {
    private final SequentialBlock block = new SequentialBlock();
    private final Map<String, Block> named;

    Layers(Map<String, Block> named) {
        this.named = named;
    }

    /** Square {@code kernel} convolution, stride 1, {@code pad} zeros on every side, with bias. */
    public Layers conv(String name, int filters, int kernel, int pad) {
        return add(name, Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad)).build());
    }

    /** Fully connected layer on a flat input; weight {@code [units, in]} like PyTorch and ONNX Gemm(transB=1). */
    public Layers fc(String name, int units) {
        return add(name, Linear.builder().setUnits(units).build());
    }

    public Layers relu() {
        block.add(Activation.reluBlock());
        return this;
    }

    /** Max pool with kernel = stride = {@code k}, no padding, floor rounding (ONNX's default). */
    public Layers maxPool(int k) {
        block.add(Pool.maxPool2dBlock(new Shape(k, k), new Shape(k, k)));
        return this;
    }

    /** Mean over each channel's whole map: {@code N x C x H x W} to {@code N x C} (ONNX GlobalAveragePool + Flatten). */
    public Layers globalAvgPool() {
        block.add(Pool.globalAvgPool2dBlock());
        return this;
    }

    public Layers lrn(int size, float alpha, float beta, float bias) {
        block.add(Lrn.block(size, alpha, beta, bias));
        return this;
    }

    /** Everything after the batch axis into one axis (ONNX Flatten, axis 1). */
    public Layers flatten() {
        block.add(Blocks.batchFlattenBlock());
        return this;
    }

    /** Dropout with drop probability {@code p}; DJL applies it only in training forwards. */
    public Layers dropout(float p) {
        block.add(Dropout.builder().optRate(p).build());
        return this;
    }

    SequentialBlock block() {
        return block;
    }

    private Layers add(String name, Block layer) {
        if (named.putIfAbsent(name, layer) != null) {
            throw new IllegalArgumentException("layer name '" + name + "' is used twice");
        }
        block.add(layer);
        return this;
    }
}
