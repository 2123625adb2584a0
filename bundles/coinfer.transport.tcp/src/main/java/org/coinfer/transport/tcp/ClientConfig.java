package org.coinfer.transport.tcp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link TcpTransport}, editable in the Felix Web Console. */
@ObjectClassDefinition(name = "Coinfer TCP transport (device side)",
        description = "How the device reaches the edge server, with optional application-level link shaping.")
public @interface ClientConfig {
    @AttributeDefinition(name = "Edge host", description = "Host name or address of the edge server.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Edge port", min = "1", max = "65535")
    int port() default 7311;

    @AttributeDefinition(name = "Connect timeout (ms)", min = "1")
    int connectTimeoutMs() default 3000;

    @AttributeDefinition(name = "Read timeout (ms)",
            description = "Longest wait for the next bytes of a reply, including the edge's compute time.", min = "1")
    int readTimeoutMs() default 30000;

    @AttributeDefinition(name = "Maximum frame payload (bytes)", description = "Largest reply payload accepted.", min = "1")
    int maxFrameBytes() default 64 * 1024 * 1024;

    @AttributeDefinition(name = "Uplink shaping (kbit/s)", description = "Paces writes to this rate; 0 = unshaped.", min = "0")
    long uplinkKbps() default 0;

    @AttributeDefinition(name = "Downlink shaping (kbit/s)", description = "Paces reads to this rate; 0 = unshaped.", min = "0")
    long downlinkKbps() default 0;
}
