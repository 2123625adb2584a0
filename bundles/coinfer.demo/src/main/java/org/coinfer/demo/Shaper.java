package org.coinfer.demo;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Sets the rate of the device–edge link for one phase of the demo. */
interface Shaper {
    void apply(double mbps) throws IOException;

    /** How the link is shaped, for the report. */
    String describe();

    /** Kernel shaping: a token-bucket qdisc on the interface both containers talk over. */
    static Shaper kernel(String device) {
        return new Shaper() {
            @Override
            public void apply(double mbps) throws IOException {
                long kbit = Math.round(mbps * 1000);
                // The bucket must hold at least one MTU-sized packet and about 10 ms of traffic.
                long burst = Math.max(2_000, kbit * 1000 / 8 / 100);
                run(List.of("tc", "qdisc", "replace", "dev", device, "root", "tbf", "rate", kbit + "kbit",
                        "burst", Long.toString(burst), "latency", "400ms"));
            }

            @Override
            public String describe() {
                return "kernel tbf on " + device;
            }
        };
    }

    /** Application-level shaping in the TCP transport, when the kernel's cannot be used. */
    static Shaper transport(ConfigurationAdmin admin) {
        return new Shaper() {
            @Override
            public void apply(double mbps) throws IOException {
                Configuration c = admin.getConfiguration("org.coinfer.transport.tcp.client", "?");
                Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
                long kbps = Math.round(mbps * 1000);
                props.put("uplinkKbps", kbps);
                props.put("downlinkKbps", kbps);
                c.update(props);
            }

            @Override
            public String describe() {
                return "application-level token bucket in the TCP transport";
            }
        };
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
