package org.coinfer.train;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The multi-exit networks this tool knows, by model id. */
public final class Architectures {
    /** Fashion-MNIST's classes in label order. */
    public static final List<String> FASHION_LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final float DROPOUT = 0.5f;

    /** The architectures by the name {@code --arch} takes. */
    public static final Map<String, Supplier<BranchyNet>> BY_NAME = Map.of("b-alexnet", Architectures::bAlexNet,
            "b-lenet", Architectures::bLeNet);

    private Architectures() {
    }

    /** A fresh, untrained network of that architecture. */
    public static BranchyNet byName(String name) {
        Supplier<BranchyNet> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + new TreeSet<>(BY_NAME.keySet()));
        }
        return s.get();
    }

    /**
     * B-AlexNet for {@code N x 1 x 28 x 28}: layer for layer the network that
     * {@code org.coinfer.onnx.DemoModels.multiExitCnn} writes with random weights for the
     * built-in model (a test keeps the two byte-identical given the same weights). Side
     * branches are a global average pool and one FC layer: nearly free to run, and only as
     * accurate as the features at their depth, so accuracy rises from exit to exit.
     */
    public static BranchyNet bAlexNet() {
        return BranchyNet.builder()
                .stage(l -> l.conv("conv1", 64, 5, 2).relu().maxPool(2).lrn(5, 1e-4f, 0.75f, 1f))
                .exit("exit1", l -> l.globalAvgPool().fc("exit1.fc", 10))
                .stage(l -> l.conv("conv2", 160, 5, 2).relu().maxPool(2).lrn(5, 1e-4f, 0.75f, 1f))
                .exit("exit2", l -> l.globalAvgPool().fc("exit2.fc", 10))
                .stage(l -> l.conv("conv3", 224, 3, 1).relu())
                .exit("exit3", l -> l.globalAvgPool().fc("exit3.fc", 10))
                .stage(l -> l.conv("conv4", 224, 3, 1).relu())
                .exit("exit4", l -> l.globalAvgPool().fc("exit4.fc", 10))
                .stage(l -> l.conv("conv5", 160, 3, 1).relu().maxPool(2))
                .exit("exit5", l -> l.flatten().fc("fc1", 256).relu().dropout(DROPOUT)
                        .fc("fc2", 256).relu().dropout(DROPOUT).fc("fc3", 10))
                .build();
    }

    /** B-LeNet, 3 exits, as in the BranchyNet paper's small network. */
    public static BranchyNet bLeNet() {
        return BranchyNet.builder()
                .stage(l -> l.conv("conv1", 6, 5, 2).relu().maxPool(2))
                .exit("exit1", l -> l.conv("exit1.conv", 10, 3, 1).relu().maxPool(2).flatten().fc("exit1.fc", 10))
                .stage(l -> l.conv("conv2", 16, 5, 0).relu().maxPool(2))
                .exit("exit2", l -> l.flatten().fc("exit2.fc", 10))
                .stage(l -> l.flatten().fc("fc1", 120).relu().fc("fc2", 84).relu())
                .exit("exit3", l -> l.fc("fc3", 10))
                .build();
    }
}
