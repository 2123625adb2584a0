package org.coinfer.transport.tcp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link TcpEdgeServer}, editable in the Felix Web Console. */
@ObjectClassDefinition(name = "Coinfer TCP edge server",
        description = "Where the edge listens for devices' co-inference requests.")
public @interface ServerConfig {
    @AttributeDefinition(name = "Bind address", description = "Local address to listen on; 0.0.0.0 = all.")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(name = "Port", description = "0 picks a free port.", min = "0", max = "65535")
    int port() default 7311;

    @AttributeDefinition(name = "Maximum frame payload (bytes)", min = "1")
    int maxFrameBytes() default 64 * 1024 * 1024;

    @AttributeDefinition(name = "Read timeout (ms)",
            description = "Longest wait for the rest of a frame once it has begun; idle connections stay open.", min = "1")
    int readTimeoutMs() default 30000;
}
