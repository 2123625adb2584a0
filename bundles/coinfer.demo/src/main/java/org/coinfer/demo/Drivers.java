package org.coinfer.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.Outcome;
import org.coinfer.api.Tensor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/** What the demo and the replay share: their worker thread, waiting until the device can plan, and ending the run. */
final class Drivers {
    private Drivers() {
    }

    /** A run's body; its exception's message becomes the run's status. */
    interface Body {
        void run() throws Exception;
    }

    /** The thread a run works in, started at once. */
    static final class Worker {
        private final Thread thread;
        private volatile boolean cancelled;

        Worker(String name, BundleContext context, String statusFile, boolean shutdown, Body body) {
            thread = new Thread(() -> {
                String status = "ok";
                try {
                    body.run();
                } catch (Exception e) {
                    status = "failed: " + (e.getMessage() != null ? e.getMessage() : e.toString());
                    System.out.println(name + " " + status);
                }
                if (!cancelled) {
                    finish(context, statusFile, shutdown, status);
                }
            }, "coinfer-" + name);
            thread.start();
        }

        /** A run whose services went away ends without a result and without stopping the container. */
        void cancel() throws InterruptedException {
            cancelled = true;
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /**
     * Waits until device and edge have both profiled the model and the edge answers, showing that
     * it waits: until then a request runs on the device alone and says why.
     */
    static void awaitReady(CoInference coinference, Tensor probe, int timeoutS, PrintStream out) throws Exception {
        long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        String last = null;
        while (true) {
            Outcome o = coinference.infer(null, probe, new LatencyRequirement(1e9), DemoRunner.DEVICE_ONLY);
            if (!o.fellBack()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new InferenceException("not ready after " + timeoutS + " s: " + o.fallback());
            }
            if (!o.fallback().equals(last)) {
                out.println("waiting: " + o.fallback());
                last = o.fallback();
            }
            Thread.sleep(250);
        }
    }

    /** The configured strategies, each checked to be installed; all installed ones when none is configured. */
    static List<String> strategies(CoInference coinference, String[] configured, String pid) {
        List<String> installed = coinference.strategies();
        if (configured.length == 0) {
            return installed;
        }
        for (String s : configured) {
            if (!installed.contains(s)) {
                throw new IllegalArgumentException(pid + ": strategies: '" + s + "' is not installed; installed: " + installed);
            }
        }
        return List.of(configured);
    }

    /** Fails before anything is measured when the CSV's folder cannot be written. */
    static void checkCsvFolder(String csv) throws IOException {
        if (csv.isEmpty()) {
            return;
        }
        Path parent = Path.of(csv).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IOException("cannot create the folder " + parent + " for the CSV " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Writes the status ("ok" or the failure) for the script that waits on it, and stops the container if asked to. */
    private static void finish(BundleContext context, String statusFile, boolean shutdown, String status) {
        try {
            if (!statusFile.isEmpty()) {
                Files.writeString(Path.of(statusFile), status + "\n");
            }
            if (shutdown) {
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
            }
        } catch (IOException | BundleException | IllegalStateException e) {
            System.out.println("the run could not finish cleanly: " + e.getMessage());
        }
    }
}
