package org.coinfer.transport.tcp.client.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.coinfer.api.DType;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.testing.Certificates;
import org.coinfer.testing.ComponentConfigs;
import org.coinfer.transport.tcp.server.internal.ServerConfig;
import org.coinfer.transport.tcp.server.internal.TcpEdgeServer;

/**
 * Goodput of the TCP transport on loopback, unshaped (in plaintext and with mutual TLS) and
 * with the application-level shaper. Not a test: run it with
 * {@code bundles/coinfer.transport.tcp.client/bench.sh}. Prints ratios measured in this one run
 * against the targets (>= 1 GB/s in plaintext; >= 0.95x the shaped rate), and what TLS costs.
 */
public final class TransportBench {
    private static final int BIG = 64 << 20;

    /** "echo" returns the input; "tiny" a 4-byte tensor; "bytes:N" an N-byte tensor. */
    private static final EdgeExecutor EXECUTOR = new EdgeExecutor() {
        @Override
        public Tensor finish(InferenceRequest r) {
            String modelId = r.modelId();
            Tensor input = r.tensor();
            if (modelId.equals("echo")) {
                return input;
            }
            int n = modelId.startsWith("bytes:") ? Integer.parseInt(modelId.substring(6)) : 4;
            return new Tensor(DType.UINT8, new long[] {n}, ByteBuffer.allocateDirect(n));
        }

        @Override
        public HostProfile profile(String modelId) throws InferenceException {
            throw new InferenceException("no profiles in the benchmark");
        }
    };

    private TransportBench() {
    }

    public static void main(String[] args) throws Exception {
        TcpEdgeServer server = new TcpEdgeServer(ComponentConfigs.of(ServerConfig.class,
                Map.of("bindAddress", "127.0.0.1", "port", 0, "maxFrameBytes", BIG + 1024, "plaintext", true)));
        server.setExecutor(EXECUTOR);
        Path certs = Files.createTempDirectory("coinfer-bench-tls");
        Certificates tls = Certificates.in(certs.resolve("tls"));
        Map<String, Object> edgeTls = new HashMap<>(tls.config("edge"));
        edgeTls.putAll(Map.of("bindAddress", "127.0.0.1", "port", 0, "maxFrameBytes", BIG + 1024));
        TcpEdgeServer tlsServer = new TcpEdgeServer(ComponentConfigs.of(ServerConfig.class, edgeTls));
        tlsServer.setExecutor(EXECUTOR);
        try {
            double[] plain = loopback(server.port(), Map.of("plaintext", true), "");
            double[] secured = loopback(tlsServer.port(), tls.config("device"), " over mutual TLS");
            for (int i = 0; i < plain.length; i++) {
                System.out.printf("mutual TLS / plaintext goodput, %-28s %.2fx%n", LOOPBACK[i], secured[i] / plain[i]);
            }
            for (long kbps : new long[] {50, 1_000, 10_000}) {
                shaped(server.port(), kbps, true);
                shaped(server.port(), kbps, false);
            }
        } finally {
            server.deactivate();
            tlsServer.deactivate();
        }
    }

    private static final String[] LOOPBACK = {"uplink (heap tensor)", "round trip (heap tensor)", "uplink (direct tensor)",
        "round trip (direct tensor)", "probe"};

    private static TcpTransport client(int port, long upKbps, long downKbps) {
        return client(port, upKbps, downKbps, Map.of("plaintext", true));
    }

    private static TcpTransport client(int port, long upKbps, long downKbps, Map<String, Object> security) {
        Map<String, Object> cfg = new HashMap<>(Map.of("host", "127.0.0.1", "port", port, "maxFrameBytes", BIG + 1024,
                "readTimeoutMs", 60_000, "uplinkKbps", upKbps, "downlinkKbps", downKbps));
        cfg.putAll(security);
        return new TcpTransport(ComponentConfigs.of(ClientConfig.class, cfg));
    }

    /** Goodputs in bytes/s, in the order of {@link #LOOPBACK}. */
    private static double[] loopback(int port, Map<String, Object> security, String how) throws Exception {
        TcpTransport c = client(port, 0, 0, security);
        ByteBuffer heap = ByteBuffer.allocate(BIG).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer direct = ByteBuffer.allocateDirect(BIG).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[LOOPBACK.length];
        int i = 0;
        for (ByteBuffer b : new ByteBuffer[] {heap, direct}) {
            Tensor t = new Tensor(DType.FLOAT32, new long[] {BIG / 4}, b);
            String kind = b.isDirect() ? "direct" : "heap";
            out[i] = goodput(c, t, "tiny", 1);
            report("loopback 64 MiB uplink (" + kind + " tensor)" + how, out[i++], 1e9, "1 GB/s");
            out[i] = goodput(c, t, "echo", 2);
            report("loopback 64 MiB round trip, echoed (" + kind + ")" + how, out[i++], 1e9, "1 GB/s");
        }
        long[] ns = new long[5];
        for (int k = 0; k < ns.length; k++) {
            ns[k] = c.probe(BIG);
        }
        out[i] = BIG / (median(ns) / 1e9);
        report("loopback 64 MiB probe" + how, out[i], 1e9, "1 GB/s");
        c.deactivate();
        return out;
    }

    /** Median goodput in bytes/s over 5 runs after 2 warm-ups, edge compute excluded. */
    private static double goodput(TcpTransport c, Tensor t, String model, int directions) throws Exception {
        long[] ns = new long[7];
        for (int i = 0; i < ns.length; i++) {
            InferenceReply r = c.infer(new InferenceRequest(i, model, "", 1, 0, t));
            ns[i] = r.networkNanos();
        }
        return (double) t.byteSize() * directions / (median(Arrays.copyOfRange(ns, 2, ns.length)) / 1e9);
    }

    /** One transfer of about 4 s at the shaped rate, in one direction. */
    private static void shaped(int port, long kbps, boolean uplink) throws Exception {
        TcpTransport c = uplink ? client(port, kbps, 0) : client(port, 0, kbps);
        int bytes = (int) (kbps * 1000 / 8 * 4);
        c.ping(); // connect outside the measurement
        InferenceReply r = uplink
                ? c.infer(new InferenceRequest(1, "tiny", "", 1, 0, new Tensor(DType.UINT8, new long[] {bytes}, ByteBuffer.allocate(bytes))))
                : c.infer(new InferenceRequest(1, "bytes:" + bytes, "", 1, 0, new Tensor(DType.UINT8, new long[] {1}, ByteBuffer.allocate(1))));
        double bitsPerSecond = bytes * 8.0 / (r.roundTripNanos() / 1e9);
        report(String.format("shaped %s at %,d kbit/s (%,d B payload)", uplink ? "uplink" : "downlink", kbps, bytes),
                bitsPerSecond / 8, kbps * 1000 / 8.0 * 0.95, "0.95x rate");
        System.out.printf("    goodput %.1f kbit/s = %.3fx the configured rate%n", bitsPerSecond / 1000, bitsPerSecond / (kbps * 1000));
        c.deactivate();
    }

    private static long median(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String what, double bytesPerSecond, double target, String targetText) {
        System.out.printf("%-64s %10.2f MB/s  target %s: %s%n", what, bytesPerSecond / 1e6, targetText,
                bytesPerSecond >= target ? "MET" : "MISSED");
    }
}
