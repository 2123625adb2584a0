package org.coinfer.transport.tcp.server.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.coinfer.api.EdgeActivity;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.transport.tcp.wire.TlsSetup;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The edge's listener: one thread accepts, one thread serves each connection. Its service is
 * what it sees ({@link EdgeActivity}: devices, requests served, the queue); a configuration
 * change restarts it on the new address.
 */
@Component(service = EdgeActivity.class, immediate = true, configurationPid = TcpEdgeServer.PID)
@Designate(ocd = ServerConfig.class)
public final class TcpEdgeServer implements EdgeActivity {
    static final String PID = "org.coinfer.transport.tcp.server";
    private static final System.Logger LOG = System.getLogger(TcpEdgeServer.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * Mandatory, so the server listens only in a container that can finish requests (the
     * edge), never on a device that merely has this bundle for its client. Swapped by SCR
     * while requests run: each request reads it once.
     */
    private final AtomicReference<EdgeExecutor> executor = new AtomicReference<>();
    private final Activity activity = new Activity();

    private final ServerConfig config;
    /** Null in plaintext. */
    private final TlsSetup tls;
    private final ServerSocketChannel server;
    private final ExecutorService sessions;
    private final Set<EdgeSession> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final String address;

    /** A server outside a framework (tests, tools) that finishes requests with {@code executor}. */
    public TcpEdgeServer(ServerConfig config, EdgeExecutor executor) throws IOException {
        this(config);
        setExecutor(executor);
    }

    @Activate
    public TcpEdgeServer(ServerConfig config) throws IOException {
        this.config = config;
        this.tls = config.plaintext() ? null : TlsSetup.load("configuration " + PID, config.keyStore(),
                config.keyStorePassword(), config.trustStore(), config.trustStorePassword());
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
        LOG.log(Level.INFO, "edge server listening on {0}, {1}", address,
                tls == null ? "in plaintext (plaintext=true in " + PID + ")" : tls);
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

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void setExecutor(EdgeExecutor e) {
        executor.set(e);
    }

    /** Only the executor still in use is removed: with greedy updates SCR binds the new one first. */
    public void unsetExecutor(EdgeExecutor e) {
        executor.compareAndSet(e, null);
    }

    EdgeExecutor executor() {
        return executor.get();
    }

    Activity activity() {
        return activity;
    }

    @Override
    public List<Device> devices() {
        return activity.devices();
    }

    @Override
    public List<Served> served() {
        return activity.served();
    }

    @Override
    public int inFlight() {
        return activity.inFlight();
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
                EdgeSession s = new EdgeSession(this, sc, tls == null ? null : tls.serverEngine(), config);
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
