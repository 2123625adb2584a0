package org.coinfer.transport.tcp.client.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.coinfer.api.DType;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.api.TransportException;
import org.coinfer.testing.Certificates;
import org.coinfer.testing.ComponentConfigs;
import org.coinfer.testing.NegatingEdge;
import org.coinfer.transport.tcp.server.internal.ServerConfig;
import org.coinfer.transport.tcp.server.internal.TcpEdgeServer;
import org.coinfer.transport.tcp.wire.Wire;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.junit.runners.Parameterized;

/** A real edge server and client over loopback TCP, in plaintext and with mutual TLS. */
@RunWith(Parameterized.class)
public class LoopbackTest {
    @ClassRule
    public static final TemporaryFolder CERTS = new TemporaryFolder();
    private static Certificates certificates;

    @Parameter
    public String security;
    private TcpEdgeServer server;
    private TcpTransport client;

    @Parameters(name = "{0}")
    public static List<String> securities() {
        return List.of("plaintext", "mutual TLS");
    }

    @Before
    public void start() throws Exception {
        server = server(0);
        server.setExecutor(NegatingEdge.EXECUTOR);
        client = client(Map.of());
    }

    private TcpEdgeServer server(int port) throws Exception {
        Map<String, Object> cfg = new HashMap<>(Map.of("bindAddress", "127.0.0.1", "port", port));
        cfg.putAll(security("edge"));
        return new TcpEdgeServer(ComponentConfigs.of(ServerConfig.class, cfg));
    }

    private ClientConfig clientConfig(Map<String, Object> values) throws Exception {
        Map<String, Object> cfg = new HashMap<>(values);
        cfg.putAll(security("device"));
        return ComponentConfigs.of(ClientConfig.class, cfg);
    }

    private Map<String, Object> security(String name) throws Exception {
        if (security.equals("plaintext")) {
            return Map.of("plaintext", true);
        }
        synchronized (LoopbackTest.class) {
            if (certificates == null) {
                certificates = Certificates.in(CERTS.getRoot().toPath().resolve("tls"));
            }
        }
        return certificates.config(name);
    }

    @After
    public void stop() throws Exception {
        client.deactivate();
        server.deactivate();
    }

    private TcpTransport client(Map<String, Object> extra) throws Exception {
        Map<String, Object> cfg = new HashMap<>(Map.of("host", "127.0.0.1", "port", server.port(),
                "connectTimeoutMs", 1000, "readTimeoutMs", 5000));
        cfg.putAll(extra);
        return new TcpTransport(clientConfig(cfg));
    }


    @Test
    public void theEdgeReportsItsConnectedDevicesAndTheRequestsItServed() throws Exception {
        client.infer(new InferenceRequest(1, "neg", "", 2, 3, NegatingEdge.floats(4)));
        client.infer(new InferenceRequest(2, "neg", "", 2, 3, NegatingEdge.floats(4)));
        client.infer(new InferenceRequest(3, "neg", "", 1, 0, NegatingEdge.floats(4)));
        var devices = server.devices();
        assertEquals(1, devices.size());
        assertEquals(3, devices.get(0).requests());
        assertTrue(devices.get(0).identity(), devices.get(0).identity().equals(
                security.equals("plaintext") ? "(plaintext: not authenticated)" : "CN=coinfer-device"));
        var served = server.served();
        assertEquals(List.of("neg/1/0 x1", "neg/2/3 x2"), served.stream()
                .map(x -> x.modelId() + "/" + x.exit() + "/" + x.cut() + " x" + x.requests()).toList());
        assertTrue(served.get(1).meanEdgeMs() >= 0);
        assertEquals(0, server.inFlight());
        client.deactivate();
        long deadline = System.nanoTime() + 5_000_000_000L; // the session ends when the server reads the close
        while (!server.devices().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), server.devices());
    }

    @Test
    public void inferOfSeveralMegabytesReturnsTheNegatedTensor() throws Exception {
        int n = 1_500_000; // 6 MB
        Tensor in = NegatingEdge.floats(n);
        InferenceReply r = client.infer(new InferenceRequest(11, "neg", "", 1, 3, in));
        assertEquals(11, r.id());
        float[] got = r.output().toFloats();
        float[] want = in.toFloats();
        for (int i = 0; i < n; i++) {
            want[i] = -want[i];
        }
        assertArrayEquals(want, got, 0f);
        assertArrayEquals(new long[] {1, n}, r.output().shape());
        long frame = Wire.FIXED_BYTES + 3 + 16 + 4L * n; // header + "neg" + rank-2 shape + payload
        assertEquals(frame, r.bytesSent());
        assertEquals(frame - 3, r.bytesReceived()); // the reply carries no model id
        assertTrue(r.edgeNanos() > 0);
        assertTrue("round trip " + r.roundTripNanos() + " covers edge " + r.edgeNanos(), r.roundTripNanos() > r.edgeNanos());
        assertTrue("under 10 s on loopback", r.roundTripNanos() < 10_000_000_000L);
    }

    @Test
    public void pingProbeAndProfileWork() throws Exception {
        assertTrue(client.ping() > 0);
        assertTrue(client.probe(3_000_000) > 0);
        assertTrue(client.probe(0) > 0);
        assertEquals(NegatingEdge.PROFILE, client.edgeProfile("neg"));
        assertEquals("127.0.0.1:" + server.port(), client.remote());
    }

    @Test
    public void theEdgesLatencyModelTravelsAsItsJsonOrTheReasonThereIsNone() throws Exception {
        expectMessage(client::edgeLayerModel, "this edge fits no per-layer latency model");
        server.setExecutor(new EdgeExecutor() {
            @Override
            public Tensor finish(InferenceRequest request) {
                return request.tensor();
            }

            @Override
            public HostProfile profile(String modelId) throws InferenceException {
                throw new InferenceException("none");
            }

            @Override
            public String layerModel() {
                return "{\"format\":\"coinfer-layer-model\",\"note\":\"\u00e9\"}";
            }
        });
        assertEquals("{\"format\":\"coinfer-layer-model\",\"note\":\"\u00e9\"}", client.edgeLayerModel());
    }

    @Test
    public void aDownlinkProbeBringsTheFillerAskedForAndItsTimeFollowsTheDownlinkRate() throws Exception {
        assertTrue(client.probeDown(0) > 0);
        assertTrue(client.probeDown(3_000_000) > 0);
        // 25 kB at 1 Mbit/s downlink (the uplink unshaped) take about 200 ms; unshaped they take far less.
        TcpTransport shaped = client(Map.of("downlinkKbps", 1_000L));
        try {
            double seconds = shaped.probeDown(25_000) / 1e9;
            assertTrue("25 kB at 1 Mbit/s took " + seconds + " s", seconds > 0.17 && seconds < 0.4);
            assertTrue("the uplink is not what is paced", shaped.probe(25_000) / 1e9 < 0.1);
        } finally {
            shaped.deactivate();
        }
        expectMessage(() -> client.probeDown(-1), "outside 0..");
    }

    @Test
    public void executorErrorsBecomeTransportExceptionsAndTheConnectionSurvives() throws Exception {
        expectMessage(() -> client.infer(new InferenceRequest(1, "fail", "", 2, 0, NegatingEdge.floats(4))), "segment fail/2 is not loaded");
        expectMessage(() -> client.edgeProfile("other"), "model other is not loaded here");
        server.unsetExecutor(NegatingEdge.EXECUTOR);
        expectMessage(() -> client.infer(new InferenceRequest(2, "neg", "", 1, 0, NegatingEdge.floats(4))), "no edge executor");
        server.setExecutor(NegatingEdge.EXECUTOR);
        assertEquals(4, client.infer(new InferenceRequest(3, "neg", "", 1, 0, NegatingEdge.floats(4))).output().elementCount());
    }

    @Test
    public void deadServerFailsWithinTheConnectTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TcpTransport dead = client(Map.of("port", port));
        long t0 = System.nanoTime();
        expectMessage(dead::ping, "cannot connect to edge 127.0.0.1:" + port);
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
    }

    @Test
    public void silentServerTripsTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // the kernel accepts; nobody answers
            TcpTransport c = client(Map.of("port", silent.getLocalPort(), "readTimeoutMs", 300));
            long t0 = System.nanoTime();
            expectMessage(c::ping, "timed out");
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
        }
    }

    @Test
    public void anInterruptedCallOnASilentServerFailsAtOnceAndFreesTheTransport() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // the kernel accepts; nobody answers
            TcpTransport c = client(Map.of("port", silent.getLocalPort(), "readTimeoutMs", 30_000));
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    c.ping();
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            caller.start();
            Thread.sleep(200);
            long t0 = System.nanoTime();
            caller.interrupt(); // what a request that stops waiting for the edge does
            caller.join(5_000);
            assertTrue("the call ended when interrupted, not at its 30 s timeout", !caller.isAlive());
            assertTrue(String.valueOf(failure.get()), failure.get() instanceof TransportException);
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
            // The lock is free and the connection dropped: the next call goes to the server that answers.
            c.modified(clientConfig(Map.of("host", "127.0.0.1", "port", server.port(),
                    "connectTimeoutMs", 1000, "readTimeoutMs", 5000)));
            assertTrue(c.ping() > 0);
        }
    }

    @Test
    public void slowExecutorTripsTheReadTimeoutThenTheNextCallReconnects() throws Exception {
        TcpTransport c = client(Map.of("readTimeoutMs", 400));
        expectMessage(() -> c.infer(new InferenceRequest(5, "slow", "", 1, 0, NegatingEdge.floats(8))), "no data for 400 ms");
        assertEquals(8, c.infer(new InferenceRequest(6, "neg", "", 1, 0, NegatingEdge.floats(8))).output().elementCount());
        c.deactivate();
    }

    @Test
    public void reconnectsAfterTheServerRestartsAndWhenTheAddressChanges() throws Exception {
        client.ping();
        int port = server.port();
        server.deactivate();
        server = server(port);
        assertTrue(client.ping() > 0); // the stale connection is noticed and replaced

        TcpEdgeServer other = server(0);
        try {
            client.modified(clientConfig(Map.of("host", "127.0.0.1", "port", other.port())));
            other.setExecutor(NegatingEdge.EXECUTOR);
            assertEquals("127.0.0.1:" + other.port(), client.remote());
            assertEquals(NegatingEdge.PROFILE, client.edgeProfile("neg"));
        } finally {
            other.deactivate();
        }
    }

    @Test
    public void concurrentCallersAreSerializedCorrectly() throws Exception {
        Thread[] ts = new Thread[4];
        Throwable[] err = new Throwable[1];
        for (int t = 0; t < ts.length; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        Tensor in = NegatingEdge.floats(1000 + id);
                        assertEquals(-in.toFloats()[5], client.infer(new InferenceRequest(id * 100 + i, "neg", "", 1, 0, in))
                                .output().toFloats()[5], 0f);
                    }
                } catch (Throwable e) {
                    err[0] = e;
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (err[0] != null) {
            throw new AssertionError(err[0]);
        }
    }

    interface Call {
        void run() throws TransportException;
    }

    static void expectMessage(Call c, String part) {
        try {
            c.run();
            fail("expected a TransportException containing '" + part + "'");
        } catch (TransportException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(part));
        }
    }
}
