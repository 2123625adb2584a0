package org.coinfer.engine.tensorflow;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens sessions with the settings a backend configures. TensorFlow takes them as a protocol
 * buffer, whose classes stay private to this bundle.
 */
public final class TensorFlowSessions {
    private TensorFlowSessions() {
    }

    /**
     * A session over {@code graph} whose operators use at most {@code intraOpThreads} threads each
     * and run at most {@code interOpThreads} at once; 0 lets TensorFlow choose.
     */
    public static Session open(Graph graph, int intraOpThreads, int interOpThreads) {
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads)
                .build();
        return new Session(graph, config);
    }
}
