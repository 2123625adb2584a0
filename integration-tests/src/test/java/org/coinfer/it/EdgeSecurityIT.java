package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.Outcome;
import org.coinfer.api.Tensor;
import org.coinfer.api.Transport;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The shipped edge container, configured with certificates from {@code ./coinfer certs}, talks
 * only to devices whose certificate its CA signed: a plaintext client, a TLS client without a
 * certificate and a device with another CA's certificate are all refused before a frame is read;
 * the refused device falls back to running alone, and is served once it has a trusted certificate.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EdgeSecurityIT {
    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    @Test
    public void onlyDevicesWithACertificateTheEdgeTrustsAreServed() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("security")) {
            assertNoFrameFor("a plaintext client", new Socket("127.0.0.1", edge.port()));
            assertNoFrameFor("a TLS client without a certificate", anonymousTls(edge.port()));

            CoInference ci = Coinfer.service(bc, CoInference.class);
            LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
            Tensor input = Coinfer.input(model.description().input(), 7);
            Tensor expected = Coinfer.reference(Coinfer.service(bc, InferenceBackend.class), model, input);

            Coinfer.connectTo(bc, edge); // our CA's device certificate
            Coinfer.assertClose("served", expected, Coinfer.awaitProfiled(ci, input, edge).output());
            assertServedByTheEdge(ci, input, expected);

            // Another CA's device certificate; it trusts our CA, so only the edge can refuse.
            Map<String, Object> stranger = Coinfer.transportFrom("tls-stranger", "device", "host", "127.0.0.1", "port", edge.port());
            stranger.put("trustStore", Coinfer.certificates("tls", "edge").resolve("trust.p12").toString());
            stranger.put("trustStorePassword", Coinfer.transport("device").get("trustStorePassword"));
            Transport transport = Coinfer.service(bc, Transport.class);
            Coinfer.configure(Coinfer.service(bc, ConfigurationAdmin.class), Coinfer.TRANSPORT_CLIENT_PID, stranger);
            Coinfer.await("the transport refused", Duration.ofSeconds(10), () -> refused(transport));
            Outcome alone = ci.infer(null, input, Coinfer.RELAXED, "edge-only");
            assertTrue("a refused device runs alone", alone.fellBack());
            System.out.println("refused device fell back: " + alone.fallback());
            Coinfer.assertClose("the refused device's own answer", expected, alone.output());

            Coinfer.connectTo(bc, edge);
            Coinfer.await("served again", Duration.ofSeconds(10), () -> !refused(transport));
            // Requests come back to the edge once the device's back-off after the refusals has run out.
            Coinfer.await("requests served by the edge again", Duration.ofSeconds(10), () -> {
                try {
                    return !ci.infer(null, input, Coinfer.RELAXED, "edge-only").fellBack();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertServedByTheEdge(ci, input, expected);
            String log = Files.readString(edge.log(), StandardCharsets.UTF_8);
            assertTrue("the edge logs each refusal:\n" + log, log.split("refused /127.0.0.1", -1).length - 1 >= 3);
        }
    }

    private static void assertServedByTheEdge(CoInference ci, Tensor input, Tensor expected) throws Exception {
        Outcome o = ci.infer(null, input, Coinfer.RELAXED, "edge-only");
        assertFalse("served by the edge: " + o.fallback(), o.fellBack());
        assertEquals(0, o.plan().cut());
        Coinfer.assertClose("edge-only over mutual TLS", expected, o.output());
    }

    /** True once a ping is refused by TLS (the configuration change reaches the transport asynchronously). */
    private static boolean refused(Transport transport) {
        try {
            transport.ping();
            return false;
        } catch (IOException e) {
            System.out.println("device with another CA's certificate: " + e.getMessage());
            return e.getMessage().contains("TLS");
        }
    }

    /** Writes a frame's worth of bytes and expects nothing back but a closed connection or a TLS error. */
    private static void assertNoFrameFor(String who, Socket s) throws IOException {
        try (s) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("CINF, then anything: no frame is read before the handshake".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 1 && buf[0] == 'C' && buf[1] == 'I') {
                    fail(who + " got a frame back");
                }
            }
            System.out.println(who + ": connection closed");
        } catch (IOException e) {
            System.out.println(who + ": " + e.getMessage()); // refused: a TLS alert, a reset or a closed pipe
        }
    }

    /** A TLS client that trusts our CA but has no certificate of its own. */
    private static SSLSocket anonymousTls(int port) throws Exception {
        Path dir = Coinfer.certificates("tls", "edge");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("trust.p12"))) {
            trust.load(in, Files.readString(dir.resolve("password")).trim().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake(); // completes on the client's side in TLS 1.3; the edge judges the (empty) certificate after
        return s;
    }
}
