package org.coinfer.it.stuck;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * A bundle that misbehaves at shutdown, for the container-stop tests; packed into its own jar
 * by the test. Its {@code Stuck-In} header says how: {@code stop} (it stops the framework a
 * moment after starting, then blocks in its own stop) or {@code hook} (it adds a JVM shutdown
 * hook that never returns). It prints what it does, so the test can tell when it has.
 */
public final class Stuck implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        String mode = context.getBundle().getHeaders().get("Stuck-In");
        if ("hook".equals(mode)) {
            Runtime.getRuntime().addShutdownHook(new Thread(Stuck::forever, "stuck-hook"));
            System.out.println("stuck: a shutdown hook that never returns is in place");
        } else {
            Thread t = new Thread(() -> {
                sleep(1_000);
                System.out.println("stuck: stopping the framework");
                try {
                    context.getBundle(0).stop();
                } catch (Exception e) {
                    System.out.println("stuck: could not stop the framework: " + e);
                }
            }, "stuck-stopper");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (!"hook".equals(context.getBundle().getHeaders().get("Stuck-In"))) {
            forever();
        }
    }

    private static void forever() {
        while (true) {
            sleep(60_000);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            // ignored on purpose: a stuck bundle does not give up
        }
    }
}
