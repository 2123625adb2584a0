package org.coinfer.transport.tcp.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.api.TransportException;
import org.coinfer.testing.Certificates;
import org.coinfer.testing.ComponentConfigs;
import org.coinfer.testing.NegatingEdge;
import org.coinfer.transport.tcp.server.internal.ServerConfig;
import org.coinfer.transport.tcp.server.internal.TcpEdgeServer;
import org.coinfer.transport.tcp.wire.FrameChannel;
import org.coinfer.transport.tcp.wire.FrameHeader;
import org.coinfer.transport.tcp.wire.FrameType;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Who may talk to the edge: only a device whose certificate chains to the CA the edge trusts,
 * and only to an edge whose certificate chains to the CA the device trusts. Everyone else is
 * refused before the edge reads a frame, and the edge goes on serving.
 */
public class MutualTlsTest {
    @ClassRule
    public static final TemporaryFolder DIR = new TemporaryFolder();
    private static Certificates ours;
    private static Certificates stranger;
    private static TcpEdgeServer server;
    /** Counts requests that reached the edge's executor. */
    private static final AtomicInteger REACHED = new AtomicInteger();

    @BeforeClass
    public static void start() throws Exception {
        ours = Certificates.in(DIR.getRoot().toPath().resolve("ours"));
        Certificates.in(ours.dir(), "--device", "pi2"); // a second device from the same CA
        stranger = Certificates.in(DIR.getRoot().toPath().resolve("stranger"));
        Map<String, Object> cfg = new HashMap<>(ours.config("edge"));
        cfg.putAll(Map.of("bindAddress", "127.0.0.1", "port", 0, "handshakeTimeoutMs", 2000));
        server = new TcpEdgeServer(ComponentConfigs.of(ServerConfig.class, cfg));
        server.setExecutor(counting(NegatingEdge.EXECUTOR));
    }

    @AfterClass
    public static void stop() throws Exception {
        server.deactivate();
    }

    @Test
    public void devicesWithCertificatesFromTheTrustedCaAreServed() throws Exception {
        for (String device : new String[] {"device", "pi2"}) {
            TcpTransport c = client(ours.config(device), Map.of());
            try {
                Tensor out = c.infer(new InferenceRequest(1, "neg", "", 1, 0, NegatingEdge.floats(4))).output();
                assertEquals(7f, out.toFloats()[0], 0f);
                assertEquals("mutual TLS with " + ours.dir().resolve(device + ".p12"), c.security());
            } finally {
                c.deactivate();
            }
        }
    }

    @Test
    public void aDeviceWhoseCertificateTheEdgeDoesNotTrustIsRefusedAndNothingReachesTheExecutor() throws Exception {
        int before = REACHED.get();
        // The stranger's device certificate, but it trusts our CA, so it accepts the edge.
        Map<String, Object> cfg = new HashMap<>(stranger.config("device"));
        cfg.put("trustStore", ours.dir().resolve("trust.p12").toString());
        cfg.put("trustStorePassword", ours.config("edge").get("trustStorePassword"));
        TcpTransport c = client(cfg, Map.of());
        try {
            expect(() -> c.infer(new InferenceRequest(2, "neg", "", 1, 0, NegatingEdge.floats(4))), "TLS");
        } finally {
            c.deactivate();
        }
        assertEquals("no request reached the executor", before, REACHED.get());
        assertServing();
    }

    @Test
    public void anEdgeWhoseCertificateTheDeviceDoesNotTrustIsNotTalkedTo() throws Exception {
        Map<String, Object> cfg = new HashMap<>(ours.config("device"));
        cfg.put("trustStore", stranger.dir().resolve("trust.p12").toString());
        cfg.put("trustStorePassword", stranger.config("edge").get("trustStorePassword"));
        TcpTransport c = client(cfg, Map.of());
        try {
            expect(c::ping, "TLS handshake failed");
        } finally {
            c.deactivate();
        }
        assertServing();
    }

    @Test
    public void aPlaintextDeviceGetsNoFrameBackAndTheConnectionIsClosed() throws Exception {
        int before = REACHED.get();
        try (SocketChannel sc = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            FrameChannel ch = new FrameChannel(sc, 3000, 1 << 20, null, null);
            Tensor t = NegatingEdge.floats(4);
            ch.write(FrameHeader.inferRequest(new InferenceRequest(3, "neg", "", 1, 0, t)), t.data());
            // What comes back is a TLS alert, never a frame: the header cannot even be read as one.
            try {
                FrameHeader h = ch.readHeader(false);
                assertTrue("no frame, got " + h, h == null);
            } catch (IOException expected) {
                // not a frame: the TLS record of the alert, or the connection closed mid-header
            }
        }
        assertEquals(before, REACHED.get());
        assertServing();
    }

    @Test
    public void aDeviceWithoutAKeyStoreSaysWhatToConfigure() throws Exception {
        TcpTransport c = client(Map.of(), Map.of());
        try {
            expect(c::ping, "keyStore is not set");
            assertTrue(c.security(), c.security().contains("plaintext=true"));
        } finally {
            c.deactivate();
        }
    }

    @Test
    public void aWrongPasswordOrAMissingFileIsNamedWithTheField() throws Exception {
        Map<String, Object> wrong = new HashMap<>(ours.config("device"));
        wrong.put("keyStorePassword", "not-it");
        TcpTransport c = client(wrong, Map.of());
        try {
            expect(c::ping, "keyStore " + ours.dir().resolve("device.p12") + ": wrong password");
        } finally {
            c.deactivate();
        }
        Map<String, Object> missing = new HashMap<>(ours.config("edge"));
        missing.put("trustStore", "/nowhere/trust.p12");
        missing.put("port", 0);
        try {
            new TcpEdgeServer(ComponentConfigs.of(ServerConfig.class, missing)).deactivate();
            fail("an edge without its trust store must not listen");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("trustStore /nowhere/trust.p12 does not exist"));
        }
    }

    @Test
    public void aFileThatIsNotAKeyStoreIsSaidSo() throws Exception {
        Path junk = DIR.newFile("junk.p12").toPath();
        Files.writeString(junk, "not a key store");
        Map<String, Object> cfg = new HashMap<>(ours.config("device"));
        cfg.put("keyStore", junk.toString());
        TcpTransport c = client(cfg, Map.of());
        try {
            expect(c::ping, "keyStore " + junk + ": not a readable PKCS#12 file");
        } finally {
            c.deactivate();
        }
    }

    private static void assertServing() throws Exception {
        TcpTransport c = client(ours.config("device"), Map.of());
        try {
            assertTrue("the edge still serves trusted devices", c.ping() > 0);
        } finally {
            c.deactivate();
        }
    }

    private static TcpTransport client(Map<String, Object> security, Map<String, Object> more) {
        Map<String, Object> cfg = new HashMap<>(security);
        cfg.putAll(Map.of("host", "127.0.0.1", "port", server.port(), "connectTimeoutMs", 3000, "readTimeoutMs", 3000));
        cfg.putAll(more);
        return new TcpTransport(ComponentConfigs.of(ClientConfig.class, cfg));
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void expect(Call call, String part) throws Exception {
        try {
            call.run();
            fail("expected a TransportException containing '" + part + "'");
        } catch (TransportException e) {
            System.out.println("refused as expected: " + e.getMessage());
            assertTrue("'" + e.getMessage() + "' should contain '" + part + "'", e.getMessage().contains(part));
        }
    }

    private static EdgeExecutor counting(EdgeExecutor inner) {
        return new EdgeExecutor() {
            @Override
            public Tensor finish(InferenceRequest r) throws InferenceException {
                REACHED.incrementAndGet();
                return inner.finish(r);
            }

            @Override
            public HostProfile profile(String modelId) throws InferenceException {
                REACHED.incrementAndGet();
                return inner.profile(modelId);
            }
        };
    }
}
