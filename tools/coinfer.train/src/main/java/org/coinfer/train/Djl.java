package org.coinfer.train;

/** DJL set-up that must happen before the engine loads; each setting yields to a -D given by the user. */
public final class Djl {
    private Djl() {
    }

    /**
     * Never touch the network: libtorch and the JNI glue come from the pytorch-native-cpu and
     * pytorch-jni jars on the class path (DJL extracts them into its cache directory). Must run
     * before the first DJL engine call, which is why every entry point calls it first.
     */
    public static void offline() {
        setDefault("ai.djl.offline", "true");
        setDefault("ai.djl.default_engine", "PyTorch");
        // With two CPU threads, training here gave other numbers from run to run and now and
        // then a NaN loss from healthy weights; with one it is bit-for-bit repeatable.
        setDefault("ai.djl.pytorch.num_threads", "1");
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
