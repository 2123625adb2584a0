package org.coinfer.demo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Sets the rate of the device–edge link for one phase of the demo. */
interface Shaper {
    /** Ethernet, IP and UDP headers of a datagram on loopback, and the IP and UDP headers within the MTU. */
    int UDP_FRAMING = 42;
    int IP_UDP_HEADERS = 28;

    void apply(double mbps) throws IOException;

    /** How the link is shaped, for the report. */
    String describe();

    /** The shaper a driver's configuration names: kernel (on {@code device}), or else the transport's. */
    static Shaper of(String mode, String device, ConfigurationAdmin admin) {
        return "kernel".equals(mode) ? kernel(device) : transport(admin);
    }

    /** Kernel shaping: a token-bucket qdisc on the interface both containers talk over. */
    static Shaper kernel(String device) {
        int mtu = mtu(device);
        return new Shaper() {
            @Override
            public void apply(double mbps) throws IOException {
                long kbit = Math.round(mbps * 1000);
                // The smallest bucket tbf passes full packets with: one packet (the MTU plus
                // framing), or 1 ms of traffic at high rates. A larger bucket would let a few
                // kilobytes sent after a pause through at once, as no real link does.
                long burst = Math.max(mtu + 100, kbit * 1000 / 8 / 1000);
                // A queue of 2 s: a shorter one drops TCP's first burst at low rates (measured:
                // thousands of drops per megabyte at 1 Mbit/s with 400 ms).
                run(List.of("tc", "qdisc", "replace", "dev", device, "root", "tbf", "rate", kbit + "kbit",
                        "burst", Long.toString(burst), "latency", "2000ms"));
                drain(burst, mtu);
            }

            @Override
            public String describe() {
                return "kernel tbf on " + device + " (MTU " + mtu + ")";
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

    /**
     * The interface's MTU, which the bucket must hold one packet of, as this process's network
     * namespace sees it (sysfs may show another's); Ethernet's when it cannot be read.
     */
    private static int mtu(String device) {
        try {
            java.net.NetworkInterface nif = java.net.NetworkInterface.getByName(device);
            return nif == null ? 1_500 : nif.getMTU();
        } catch (java.net.SocketException e) {
            return 1_500;
        }
    }

    /**
     * A new tbf starts with a full bucket, which would hand the next request its first bytes
     * free; no real link does that when its rate changes. One datagram the socket sends itself,
     * a full packet, takes the free bytes first (one to a closed port would also send back an
     * ICMP error, which costs more than the credit).
     */
    private static void drain(long burst, int mtu) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] filler = new byte[(int) Math.min(burst - UDP_FRAMING, mtu - IP_UDP_HEADERS)];
            s.setSoTimeout(3_000);
            s.send(new DatagramPacket(filler, filler.length, s.getLocalSocketAddress()));
            try {
                s.receive(new DatagramPacket(new byte[filler.length], filler.length));
            } catch (SocketTimeoutException e) {
                // dropped on the way: the credit is spent or lost either way
            }
        }
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
