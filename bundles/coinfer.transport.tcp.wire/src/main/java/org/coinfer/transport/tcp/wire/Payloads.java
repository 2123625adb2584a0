package org.coinfer.transport.tcp.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;

/**
 * Payloads that are not tensors: ERROR messages (UTF-8) and PROFILE replies. A profile is, in
 * big-endian: i32 hash length (-1 = none) + UTF-8 hash, u8 host (0 none, 1 device, 2 edge),
 * i32 exit count, then per exit an i32 segment count and that many f64 milliseconds.
 */
public final class Payloads {
    private Payloads() {
    }

    public static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String utf8(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    public static ByteBuffer profile(HostProfile p) {
        byte[] hash = p.contentHash() == null ? null : p.contentHash().getBytes(StandardCharsets.UTF_8);
        int size = 4 + (hash == null ? 0 : hash.length) + 1 + 4;
        for (List<Double> exit : p.pathMs()) {
            size += 4 + 8 * exit.size();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(hash == null ? -1 : hash.length);
        if (hash != null) {
            b.put(hash);
        }
        b.put((byte) hostCode(p.host()));
        b.putInt(p.pathMs().size());
        for (List<Double> exit : p.pathMs()) {
            b.putInt(exit.size());
            exit.forEach(b::putDouble);
        }
        return b.flip();
    }

    /** Decodes a profile, checking every count against the bytes actually present. */
    public static HostProfile profile(String modelId, ByteBuffer b) throws ProtocolException {
        try {
            int hashLength = b.getInt();
            String hash = null;
            if (hashLength >= 0) {
                byte[] h = new byte[count(hashLength, 1, b)];
                b.get(h);
                hash = new String(h, StandardCharsets.UTF_8);
            }
            int hostCode = b.get() & 0xFF;
            Host host = switch (hostCode) {
                case 0 -> null;
                case 1 -> Host.DEVICE;
                case 2 -> Host.EDGE;
                default -> throw bad("unknown host code " + hostCode + " in profile");
            };
            int exits = count(b.getInt(), 4, b);
            List<List<Double>> segments = new ArrayList<>(exits);
            for (int e = 0; e < exits; e++) {
                int n = count(b.getInt(), 8, b);
                List<Double> ms = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    ms.add(b.getDouble());
                }
                segments.add(ms);
            }
            return new HostProfile(modelId, hash, host, segments);
        } catch (BufferUnderflowException e) {
            throw bad("profile payload ends early");
        }
    }

    private static int hostCode(Host h) {
        return h == null ? 0 : h == Host.DEVICE ? 1 : 2;
    }

    private static int count(int n, int unitBytes, ByteBuffer b) throws ProtocolException {
        if (n < 0 || (long) n * unitBytes > b.remaining()) {
            throw bad("profile count " + n + " does not fit the " + b.remaining() + " bytes left");
        }
        return n;
    }

    private static ProtocolException bad(String message) {
        return ProtocolException.outOfSync(message, Wire.BAD_FRAME, 0);
    }
}
