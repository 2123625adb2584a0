package org.coinfer.transport.tcp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.EdgeExecutor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The edge's listener: one thread accepts, one thread serves each connection. It provides no
 * service; a configuration change restarts it on the new address.
 */
@Component(service = {}, immediate = true, configurationPid = TcpEdgeServer.PID)
@Designate(ocd = ServerConfig.class)
public final class TcpEdgeServer {
    static final String PID = "org.coinfer.transport.tcp.server";
    private static final System.Logger LOG = System.getLogger(TcpEdgeServer.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * Mandatory, so the server listens only in a container that can finish requests (the
     * edge), never on a device that merely has this bundle for its client. Swapped by SCR
     * while requests run: each request reads it once.
     */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EdgeExecutor executor;

    private final ServerConfig config;
    private final ServerSocketChannel server;
    private final ExecutorService sessions;
    private final Set<EdgeSession> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final String address;

    /** A server outside a framework (tests, tools) that finishes requests with {@code executor}. */
    public TcpEdgeServer(ServerConfig config, EdgeExecutor executor) throws IOException {
        this(config);
        this.executor = executor;
    }

    @Activate
    public TcpEdgeServer(ServerConfig config) throws IOException {
        this.config = config;
        server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(config.bindAddress(), config.port()));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        String name = "coinfer-edge-" + INSTANCES.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        sessions = Executors.newCachedThreadPool(r -> daemon(r, name + "-conn-" + n.incrementAndGet()));
        acceptor = daemon(this::acceptLoop, name + "-accept");
        acceptor.start();
        address = String.valueOf(server.getLocalAddress());
        LOG.log(Level.INFO, "edge server listening on {0}", address);
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.socket().getLocalPort();
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the listener failed", e);
        }
        open.forEach(EdgeSession::close);
        sessions.shutdownNow();
        acceptor.join(2000);
        if (!sessions.awaitTermination(2, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "edge server connections still busy after 2 s");
        }
        LOG.log(Level.INFO, "edge server on {0} stopped", address);
    }

    EdgeExecutor executor() {
        return executor;
    }

    void ended(EdgeSession s) {
        open.remove(s);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel sc = null;
            try {
                sc = server.accept();
                sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
                sc.configureBlocking(false);
                EdgeSession s = new EdgeSession(this, sc, config.readTimeoutMs(), config.maxFrameBytes());
                open.add(s);
                sessions.execute(s);
            } catch (ClosedChannelException e) {
                return; // deactivated
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "accepting a connection failed", e);
                if (sc != null) {
                    try {
                        sc.close();
                    } catch (IOException ignored) {
                        // already failing; nothing more to do
                    }
                }
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
