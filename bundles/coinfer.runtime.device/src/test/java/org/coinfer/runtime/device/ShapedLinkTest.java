package org.coinfer.runtime.device;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.Tensor;
import org.coinfer.testing.ComponentConfigs;
import org.coinfer.transport.tcp.client.internal.ClientConfig;
import org.coinfer.transport.tcp.client.internal.TcpTransport;
import org.coinfer.transport.tcp.server.internal.ServerConfig;
import org.coinfer.transport.tcp.server.internal.TcpEdgeServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The link estimate over a real TCP connection on loopback, shaped by the transport's token
 * bucket (which gives no frame a head start, like a serial link; tbf's one-packet burst is
 * what the demo meets): after a step of the rate, up or down by 2x or more, three requests of
 * the B-AlexNet input (3,136 bytes, the smallest request there is) bring the estimate within
 * 20% of the new rate, with no probe.
 */
public class ShapedLinkTest {
    private TcpEdgeServer server;
    private TcpTransport transport;
    private Map<String, Object> config;
    private long ids;

    @Before
    public void start() throws Exception {
        server = new TcpEdgeServer(ComponentConfigs.of(ServerConfig.class, Map.of("bindAddress", "127.0.0.1", "port", 0, "plaintext", true)),
                LinkMonitorTest.SCORES);
        config = new HashMap<>(Map.of("host", "127.0.0.1", "port", server.port(), "plaintext", true));
        transport = new TcpTransport(ComponentConfigs.of(ClientConfig.class, config));
    }

    @After
    public void stop() throws Exception {
        transport.deactivate();
        server.deactivate();
    }

    private void shape(double mbps) {
        config.put("uplinkKbps", Math.round(mbps * 1000));
        config.put("downlinkKbps", Math.round(mbps * 1000));
        transport.modified(ComponentConfigs.of(ClientConfig.class, config));
    }

    @Test
    public void threeRequestsFollowAStepOfTheShapedRate() throws Exception {
        LinkMonitor monitor = new LinkMonitor(transport, LinkMonitorTest.SETTINGS, System::nanoTime);
        shape(4);
        monitor.current();
        Tensor input = Tensor.ofFloats(new long[] {1, 1, 28, 28}, new float[LinkMonitorTest.INPUT_FLOATS]);
        List<String> misses = new ArrayList<>();
        StringBuilder seen = new StringBuilder();
        for (double mbps : new double[] {2, 0.5, 2, 8, 1}) {
            shape(mbps);
            seen.append(String.format(Locale.ROOT, "%n%.1f Mbit/s:", mbps));
            for (int i = 0; i < 3; i++) {
                LinkMonitor.Measured m = monitor.current();
                assertTrue("no probe while requests measure the link", m.probeNanos() == 0);
                monitor.observe(transport.infer(new InferenceRequest(++ids, "m", "", 1, 0, input)));
                seen.append(String.format(Locale.ROOT, " %.3f", monitor.estimate().conditions().uplinkBps() / 1e6));
            }
            LinkEstimate e = monitor.estimate();
            double found = e.conditions().uplinkBps() / 1e6;
            if (Math.abs(found - mbps) > 0.2 * mbps) {
                misses.add(mbps + " Mbit/s estimated as " + found);
            }
            // The shaper moved the downlink too: followed with the uplink, or unsure enough to be probed.
            double down = e.conditions().downlinkBps() / 1e6;
            if (Math.abs(down - mbps) > 0.5 * mbps && e.downlinkSpread() <= LinkMonitorTest.SETTINGS.maxSpread()) {
                misses.add(mbps + " Mbit/s downlink estimated as " + down + " and taken to be sure of (spread " + e.downlinkSpread() + ")");
            }
        }
        assertTrue("estimates after each of three requests:" + seen + "\nmisses: " + misses, misses.isEmpty());
    }
}
