package org.coinfer.transport.tcp.wire;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.testing.MemoryChannel;
import org.coinfer.testing.Mutations;

/**
 * Random and mutated bytes through the frame decoder, as a hostile or broken peer would send
 * them. Every input must give frames or a {@link ProtocolException} with a message: no other
 * exception, no allocation beyond the payload limit, no endless loop. The number of inputs per
 * property is {@code jqwik.tries.default} (junit-platform.properties: 2,000 in every build;
 * {@code -Djqwik.tries.default=1000000} for the long run).
 */
class FrameFuzzTest {
    private static final long MAX_PAYLOAD = 1 << 20;
    private static final byte[] VALID = validStream();

    @Property
    void randomBytesDecodeOrFailWithAProtocolError(@ForAll @Size(max = 600) byte[] bytes) {
        decodeAll(bytes);
    }

    @Property
    void mutatedFramesDecodeOrFailWithAProtocolError(@ForAll("mutated") byte[] bytes) {
        decodeAll(bytes);
    }

    /** Valid frames with a few bytes replaced, and cut short at some point. */
    @Provide
    Arbitrary<byte[]> mutated() {
        return Mutations.of(VALID, 8);
    }

    /** Reads frames as a server or client does, payloads included, until the bytes end or an error. */
    static void decodeAll(byte[] bytes) {
        try {
            FrameChannel r = new FrameChannel(new MemoryChannel(bytes), 1000, MAX_PAYLOAD, null, null);
            // Each frame consumes at least its fixed header, so this ends; the bound only makes it obvious.
            for (int i = 0; i <= bytes.length / Wire.FIXED_BYTES; i++) {
                FrameHeader h = r.readHeader(true);
                if (h == null) {
                    return;
                }
                if (h.type().carriesTensor()) {
                    assertNotNull(r.readTensor(h));
                } else {
                    ByteBuffer payload = r.readPayload(h);
                    if (h.type() == FrameType.PROFILE_REPLY) {
                        Payloads.profile(h.modelId(), payload);
                    }
                }
            }
        } catch (ProtocolException e) {
            assertNotNull("a protocol error says what is wrong", e.getMessage());
            assertFalse(e.getMessage(), e.getMessage().isBlank());
        } catch (IOException e) {
            throw new AssertionError("an I/O error other than a protocol error from bytes in memory: " + e, e);
        }
    }

    /** A request, a reply, a profile reply and a probe, as the two sides write them. */
    private static byte[] validStream() {
        try {
            MemoryChannel sink = new MemoryChannel(new byte[0]);
            FrameChannel w = new FrameChannel(sink, 1000, MAX_PAYLOAD, null, null);
            Tensor t = Tensor.ofFloats(new long[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6});
            String hash = "ab".repeat(Wire.HASH_BYTES);
            w.write(FrameHeader.inferRequest(new InferenceRequest(7, "b-alexnet", hash, 2, 5, t)), t.data());
            w.write(FrameHeader.inferReply(7, 1234, t), t.data());
            HostProfile p = new HostProfile("m1", "sha256:ab", Host.EDGE, List.of(List.of(0.5, 1.5), List.of(), List.of(0.25)));
            ByteBuffer payload = Payloads.profile(p);
            w.write(FrameHeader.plain(FrameType.PROFILE_REPLY, 3, "m1", payload.remaining()), payload);
            w.writeFiller(FrameHeader.plain(FrameType.PROBE, 9, "", 64));
            return sink.written();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
