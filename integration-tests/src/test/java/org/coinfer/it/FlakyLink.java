package org.coinfer.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the device and the edge that a test can break: {@link #dropAll} resets
 * every connection, wherever its bytes are (the device sees a reset, as when a link or a host
 * dies); {@link #stall} stops forwarding without closing anything (as when a link hangs). It
 * relays bytes blindly, so TLS passes through it end to end.
 */
final class FlakyLink implements AutoCloseable {
    private final ServerSocket listener;
    private final int edgePort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger drops = new AtomicInteger();
    private volatile boolean stalled;

    FlakyLink(int edgePort) throws IOException {
        this.edgePort = edgePort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "it-flaky-link");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections reset so far, counting each device connection once. */
    int drops() {
        return drops.get();
    }

    /** Resets every open connection, on both sides. */
    void dropAll() {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0); // a reset, not an orderly close
                s.close();
            } catch (IOException e) {
                // already gone
            }
            if (open.remove(s) && s.getLocalPort() == port()) {
                drops.incrementAndGet();
            }
        }
    }

    /** While stalled, nothing is forwarded in either direction and nothing is closed. */
    void stall(boolean on) {
        stalled = on;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        dropAll();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket device = listener.accept();
                Socket edge = new Socket(InetAddress.getLoopbackAddress(), edgePort);
                open.add(device);
                open.add(edge);
                pump(device, edge);
                pump(edge, device);
            } catch (IOException e) {
                // closed, or the edge is down: the device's connection fails as it would without the relay
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (stalled && !from.isClosed()) {
                        Thread.sleep(5);
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // dropped
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // already closed
                }
                open.remove(from);
                open.remove(to);
            }
        }, "it-flaky-link-pump");
        t.setDaemon(true);
        t.start();
    }
}
