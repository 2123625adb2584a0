package org.coinfer.transport.tcp.client.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;
import org.coinfer.transport.tcp.wire.EdgeError;
import org.coinfer.transport.tcp.wire.FrameChannel;
import org.coinfer.transport.tcp.wire.TlsChannel;
import org.coinfer.transport.tcp.wire.TlsSetup;
import org.coinfer.transport.tcp.wire.TokenBucket;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The device's {@link Transport} over one lazily opened TCP connection. Calls are serialized:
 * one request in flight keeps the timings honest (a probe or ping must not queue behind a
 * tensor) and the link is the bottleneck anyway. Any failure other than an edge ERROR reply
 * drops the connection; the next call opens a new one.
 */
@Component(service = Transport.class, configurationPid = TcpTransport.PID)
@Designate(ocd = ClientConfig.class)
public final class TcpTransport implements Transport {
    static final String PID = "org.coinfer.transport.tcp.client";
    private static final System.Logger LOG = System.getLogger(TcpTransport.class.getName());

    /** Buckets outlive connections so a reconnect does not hand out a fresh burst. */
    private final TokenBucket up = new TokenBucket(0, System.nanoTime());
    private final TokenBucket down = new TokenBucket(0, System.nanoTime());
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong ids = new AtomicLong();
    private volatile ClientConfig config;
    /** How connections are secured: TLS, or why TLS cannot be set up (null for plaintext). */
    private volatile Security security;
    private volatile Connection conn;
    private volatile boolean closed;

    private record Connection(String address, Security security, FrameChannel channel, EdgeClient client) {
    }

    /** The TLS set-up of a configuration, or the reason it has none (then every call fails with it). */
    private record Security(TlsSetup tls, String problem) {
    }

    @FunctionalInterface
    private interface Exchange<T> {
        T run(EdgeClient c) throws IOException;
    }

    @Activate
    public TcpTransport(ClientConfig config) {
        modified(config);
    }

    /** Cheap: new limits and rates apply to the next call; a new address or TLS set-up reconnects lazily. */
    @Modified
    public void modified(ClientConfig config) {
        long now = System.nanoTime();
        up.setRate(config.uplinkKbps() * 1000, now);
        down.setRate(config.downlinkKbps() * 1000, now);
        this.security = security(config);
        this.config = config;
        LOG.log(Level.DEBUG, "edge {0}, uplink {1} kbit/s, downlink {2} kbit/s", remote(), config.uplinkKbps(),
                config.downlinkKbps());
    }

    /** How this device talks to the edge: "mutual TLS with FILE", "plaintext", or why it cannot. */
    public String security() {
        Security s = security;
        return s == null ? "plaintext" : s.tls() != null ? s.tls().toString() : s.problem();
    }

    private static Security security(ClientConfig config) {
        if (config.plaintext()) {
            LOG.log(Level.INFO, "talking to the edge in plaintext (plaintext=true in {0})", PID);
            return null;
        }
        try {
            return new Security(TlsSetup.load("configuration " + PID, config.keyStore(), config.keyStorePassword(),
                    config.trustStore(), config.trustStorePassword()), null);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "no connection to the edge until this is fixed: {0}", e.getMessage());
            return new Security(null, e.getMessage());
        }
    }

    @Deactivate
    public void deactivate() {
        closed = true;
        drop(); // an exchange in flight fails at once instead of holding up the deactivation
    }

    @Override
    public InferenceReply infer(InferenceRequest request) throws TransportException {
        return call("inference request " + request.id(), c -> c.infer(request));
    }

    @Override
    public long ping() throws TransportException {
        return call("ping", c -> c.ping(ids.incrementAndGet()));
    }

    @Override
    public long probe(int bytes) throws TransportException {
        if (bytes < 0 || bytes > config.maxFrameBytes()) {
            throw new TransportException("probe of " + bytes + " bytes is outside 0.." + config.maxFrameBytes());
        }
        return call("probe", c -> c.probe(ids.incrementAndGet(), bytes));
    }

    @Override
    public long probeDown(int bytes) throws TransportException {
        if (bytes < 0 || bytes > config.maxFrameBytes()) {
            throw new TransportException("downlink probe of " + bytes + " bytes is outside 0.." + config.maxFrameBytes());
        }
        return call("downlink probe", c -> c.probeDown(ids.incrementAndGet(), bytes));
    }

    @Override
    public HostProfile edgeProfile(String modelId) throws TransportException {
        return call("profile request for " + modelId, c -> c.profile(ids.incrementAndGet(), modelId));
    }

    @Override
    public String edgeLayerModel() throws TransportException {
        return call("latency model request", c -> c.layerModel(ids.incrementAndGet()));
    }

    @Override
    public String remote() {
        ClientConfig c = config;
        return c.host() + ":" + c.port();
    }

    private <T> T call(String what, Exchange<T> exchange) throws TransportException {
        lock.lock();
        try {
            Connection c = connection();
            try {
                return exchange.run(c.client());
            } catch (EdgeError e) {
                throw e;
            } catch (SocketTimeoutException e) {
                drop();
                throw new TransportException(what + " to " + c.address() + " timed out: " + e.getMessage(), e);
            } catch (SSLException e) {
                drop(); // in TLS 1.3 the edge judges this device's certificate after the client's handshake ends
                throw new TransportException(what + " to " + c.address() + " refused by TLS (does the edge trust this device's certificate?): "
                        + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                drop();
                throw new TransportException(what + " to " + c.address() + " failed: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The open connection to the configured address, opening it if needed. Holds the lock. */
    private Connection connection() throws TransportException {
        if (closed) {
            throw new TransportException("transport to " + remote() + " is deactivated");
        }
        ClientConfig cfg = config;
        Security sec = security;
        String address = cfg.host() + ":" + cfg.port();
        Connection c = conn;
        try {
            if (c != null && (!c.address().equals(address) || c.security() != sec || c.channel().staleWhileIdle())) {
                drop();
                c = null;
            }
        } catch (IOException e) {
            drop();
            c = null;
        }
        if (c == null) {
            c = open(cfg, sec, address);
            conn = c;
        }
        c.channel().limits(cfg.readTimeoutMs(), cfg.maxFrameBytes());
        return c;
    }

    private Connection open(ClientConfig cfg, Security sec, String address) throws TransportException {
        if (sec != null && sec.tls() == null) {
            throw new TransportException("cannot connect to edge " + address + ": " + sec.problem());
        }
        SocketChannel sc = null;
        try {
            sc = SocketChannel.open();
            sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sc.socket().connect(new InetSocketAddress(cfg.host(), cfg.port()), cfg.connectTimeoutMs());
            sc.configureBlocking(false);
            FrameChannel ch;
            if (sec == null) {
                ch = new FrameChannel(sc, cfg.readTimeoutMs(), cfg.maxFrameBytes(), up, down);
            } else {
                ch = new FrameChannel(handshake(sc, sec.tls(), cfg, address), sc, cfg.readTimeoutMs(), cfg.maxFrameBytes(), up, down);
            }
            LOG.log(Level.DEBUG, "connected to edge {0} ({1})", address, sec == null ? "plaintext" : "mutual TLS");
            return new Connection(address, sec, ch, new EdgeClient(ch));
        } catch (IOException | RuntimeException e) {
            closeQuietly(sc);
            if (e instanceof TransportException t) {
                throw t;
            }
            String why = e instanceof SocketTimeoutException ? "no answer within " + cfg.connectTimeoutMs() + " ms"
                    : String.valueOf(e.getMessage() != null ? e.getMessage() : e);
            throw new TransportException("cannot connect to edge " + address + ": " + why, e);
        }
    }

    /** The handshake shares the connect timeout: both are part of reaching the edge. */
    private static TlsChannel handshake(SocketChannel sc, TlsSetup tls, ClientConfig cfg, String address)
            throws TransportException {
        try {
            return TlsChannel.handshake(sc, tls.clientEngine(cfg.host(), cfg.port(), cfg.verifyHostName()), cfg.connectTimeoutMs());
        } catch (IOException e) {
            throw new TransportException("cannot connect to edge " + address + ": TLS handshake failed: " + e.getMessage(), e);
        }
    }

    private void drop() {
        Connection c = conn;
        conn = null;
        if (c != null) {
            closeQuietly(c.channel());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing a connection failed", e);
            }
        }
    }
}
