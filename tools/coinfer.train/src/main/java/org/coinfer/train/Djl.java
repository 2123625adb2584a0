package org.coinfer.train;

/** DJL set-up that must happen before the engine loads. */
public final class Djl {
    private Djl() {
    }

    /**
     * Never touch the network: libtorch and the JNI glue come from the pytorch-native-cpu and
     * pytorch-jni jars on the class path (DJL extracts them into its cache directory). Must run
     * before the first DJL engine call, which is why every entry point calls it first.
     */
    public static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.default_engine") == null) {
            System.setProperty("ai.djl.default_engine", "PyTorch");
        }
    }
}
