package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coinfer.it.stuck.Stuck;
import org.junit.Test;

/**
 * A container ends within 10 s of SIGTERM, or of its framework being stopped, whatever a bundle
 * is doing: the exported edge container in its own JVM, as the command line starts it, with a
 * bundle dropped into its {@code load/} folder that blocks in its stop or in a shutdown hook.
 * Plain JUnit: the container under test is a separate JVM.
 */
public class ContainerStopIT {
    /** The shutdown watchdog's exit status when it had to halt the JVM. */
    static final int HALTED = 124;
    static final Duration BUNDLE_WAIT = Duration.ofSeconds(20);

    @Test
    public void anEdgeContainerEndsWithinTenSecondsOfSigterm() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("stop")) {
            double seconds = edge.terminate();
            assertTrue("ended " + seconds + " s after SIGTERM", seconds < 10);
        }
    }

    @Test
    public void aBundleThatBlocksInItsStopDoesNotKeepTheContainerAlive() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("stuck-stop")) {
            stuckBundle(edge.directory().resolve("load/stuck.jar"), "stop");
            edge.awaitLog("stuck: stopping the framework", BUNDLE_WAIT);
            long t0 = System.nanoTime();
            double seconds = edge.waitForExit(t0, "the framework was stopped");
            assertTrue("ended " + seconds + " s after the framework was stopped", seconds < 10);
            assertEquals("halted by the watchdog", HALTED, edge.exitValue());
        }
    }

    @Test
    public void aShutdownHookThatBlocksDoesNotKeepTheContainerPastSigterm() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("stuck-hook")) {
            stuckBundle(edge.directory().resolve("load/stuck.jar"), "hook");
            edge.awaitLog("stuck: a shutdown hook that never returns is in place", BUNDLE_WAIT);
            double seconds = edge.terminate();
            assertTrue("ended " + seconds + " s after SIGTERM", seconds < 10);
        }
    }

    /** Packs {@link Stuck} as a bundle. */
    private static void stuckBundle(Path target, String mode) throws IOException {
        String entry = Stuck.class.getName().replace('.', '/') + ".class";
        byte[] code;
        try (InputStream in = Stuck.class.getClassLoader().getResourceAsStream(entry)) {
            code = in.readAllBytes();
        }
        Coinfer.bundleJar(target, Map.of("Bundle-SymbolicName", "coinfer.it.stuck", "Bundle-Version", "1.0.0",
                "Bundle-Activator", Stuck.class.getName(), "Import-Package", "org.osgi.framework;version=\"[1.8,2)\"",
                "Stuck-In", mode), Map.of(entry, code));
    }
}
