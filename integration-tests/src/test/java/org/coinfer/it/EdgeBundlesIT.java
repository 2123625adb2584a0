package org.coinfer.it;

import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import javax.inject.Inject;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.InferenceBackend;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/** Every bundle the edge container ships starts in Felix, registers the edge's services and listens where configured. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EdgeBundlesIT {
    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.edge();
    }

    @Test
    public void everyBundleIsActive() {
        Coinfer.assertAllActive(bc, Coinfer.coinferBundles("edge"));
    }

    @Test
    public void edgeServicesAreRegisteredAndTheServerListensOnTheConfiguredPort() throws IOException {
        assertNotNull(Coinfer.service(bc, EdgeExecutor.class));
        assertNotNull(Coinfer.service(bc, InferenceBackend.class));

        int port = Coinfer.freePort();
        Coinfer.configure(Coinfer.service(bc, ConfigurationAdmin.class), Coinfer.TRANSPORT_SERVER_PID,
                Coinfer.transport("edge", "bindAddress", "127.0.0.1", "port", port));
        // The server restarts on the new address asynchronously: retry the connection, bounded.
        Coinfer.await("the edge server accepts connections on 127.0.0.1:" + port, Duration.ofSeconds(20), () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return s.isConnected();
            } catch (IOException e) {
                return false;
            }
        });
    }
}
