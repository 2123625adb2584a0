package org.coinfer.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.coinfer.onnx.OnnxModelBuilder;

/**
 * A multi-exit (BranchyNet) network: a backbone cut into segments, each followed by an exit
 * head. The forward pass returns one logits array per exit, earliest first; the last exit is
 * the full network.
 *
 * <pre>{@code
 * BranchyNet.builder()
 *     .stage(l -> l.conv("conv1", 6, 5, 2).relu().maxPool(2))
 *     .exit("exit1", l -> l.flatten().fc("exit1.fc", 10))
 *     .stage(l -> l.conv("conv2", 16, 5, 0).relu().maxPool(2))
 *     .exit("exit2", l -> l.flatten().fc("fc1", 84).relu().fc("fc2", 10))
 *     .build();
 * }</pre>
 */
public final class BranchyNet extends AbstractBlock {
    private final List<Block> trunks = new ArrayList<>();
    private final List<Block> heads = new ArrayList<>();
    private final List<String> exits = new ArrayList<>();
    private final Map<String, Block> layers;
    private final List<List<Layers.OnnxStep>> trunkOnnx;
    private final List<List<Layers.OnnxStep>> headOnnx;

    private BranchyNet(Builder b) {
        this.layers = Collections.unmodifiableMap(b.named);
        this.trunkOnnx = List.copyOf(b.trunkOnnx);
        this.headOnnx = List.copyOf(b.headOnnx);
        for (int i = 0; i < b.trunks.size(); i++) {
            trunks.add(addChildBlock("trunk" + (i + 1), b.trunks.get(i)));
            heads.add(addChildBlock(b.exits.get(i), b.heads.get(i)));
            exits.add(b.exits.get(i));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Exit names, earliest first; also the order of the forward pass's outputs. */
    public List<String> exits() {
        return Collections.unmodifiableList(exits);
    }

    /** Layers with parameters by the name they were given (convolutions and fully connected layers). */
    public Map<String, Block> layers() {
        return layers;
    }

    /**
     * Appends the whole network to a graph whose current tensor is its input: per exit, the
     * backbone segment, then the head as a branch, its output named after the exit.
     */
    void writeOnnx(OnnxModelBuilder m, Layers.Params params) {
        for (int i = 0; i < exits.size(); i++) {
            trunkOnnx.get(i).forEach(s -> s.write(m, params));
            String branchPoint = m.current();
            headOnnx.get(i).forEach(s -> s.write(m, params));
            m.exit(exits.get(i)).branch(branchPoint);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        NDList out = new NDList(heads.size());
        for (int i = 0; i < trunks.size(); i++) {
            x = trunks.get(i).forward(ps, x, training, params);
            out.add(heads.get(i).forward(ps, x, training, params).singletonOrThrow());
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] x = inputShapes;
        Shape[] out = new Shape[heads.size()];
        for (int i = 0; i < trunks.size(); i++) {
            x = trunks.get(i).getOutputShapes(x);
            out[i] = heads.get(i).getOutputShapes(x)[0];
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] x = inputShapes;
        for (int i = 0; i < trunks.size(); i++) {
            trunks.get(i).initialize(manager, dataType, x);
            x = trunks.get(i).getOutputShapes(x);
            heads.get(i).initialize(manager, dataType, x);
        }
    }

    /** Alternates {@link #stage} (backbone layers) and {@link #exit} (a head on the backbone so far). */
    public static final class Builder {
        private final Map<String, Block> named = new LinkedHashMap<>();
        private final List<SequentialBlock> trunks = new ArrayList<>();
        private final List<SequentialBlock> heads = new ArrayList<>();
        private final List<String> exits = new ArrayList<>();
        private final List<List<Layers.OnnxStep>> trunkOnnx = new ArrayList<>();
        private final List<List<Layers.OnnxStep>> headOnnx = new ArrayList<>();
        private SequentialBlock pending;
        private List<Layers.OnnxStep> pendingOnnx = new ArrayList<>();

        private Builder() {
        }

        /** Backbone layers after the previous stage; stages without an exit between them join. */
        public Builder stage(Consumer<Layers> layers) {
            Layers l = new Layers(named);
            layers.accept(l);
            if (pending == null) {
                pending = new SequentialBlock();
            }
            pending.add(l.block());
            pendingOnnx.addAll(l.onnx());
            return this;
        }

        /** An exit head branching off the backbone built so far. */
        public Builder exit(String name, Consumer<Layers> head) {
            if (exits.contains(name)) {
                throw new IllegalArgumentException("exit '" + name + "' is defined twice");
            }
            Layers l = new Layers(named);
            head.accept(l);
            // Two exits on the same branch point share an empty trunk segment.
            trunks.add(pending == null ? new SequentialBlock() : pending);
            trunkOnnx.add(List.copyOf(pendingOnnx));
            pending = null;
            pendingOnnx = new ArrayList<>();
            heads.add(l.block());
            headOnnx.add(l.onnx());
            exits.add(name);
            return this;
        }

        public BranchyNet build() {
            if (exits.isEmpty()) {
                throw new IllegalStateException("a BranchyNet needs at least one exit");
            }
            if (pending != null) {
                throw new IllegalStateException("backbone layers after the last exit would never be used");
            }
            return new BranchyNet(this);
        }
    }
}
