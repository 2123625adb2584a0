package org.coinfer.it;

import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * A container started as the command line starts it ends within 10 s of SIGTERM. A plain
 * JUnit test: the container under test is a separate JVM, the exported edge.jar.
 */
public class ContainerStopIT {
    @Test
    public void anEdgeContainerEndsWithinTenSecondsOfSigterm() throws Exception {
        try (Coinfer.EdgeProcess edge = Coinfer.EdgeProcess.start("stop")) {
            double seconds = edge.terminate();
            assertTrue("ended " + seconds + " s after SIGTERM", seconds < 10);
        }
    }
}
