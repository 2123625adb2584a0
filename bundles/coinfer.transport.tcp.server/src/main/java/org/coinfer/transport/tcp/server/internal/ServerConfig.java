package org.coinfer.transport.tcp.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link TcpEdgeServer}, editable in the Felix Web Console. */
@ObjectClassDefinition(name = "Coinfer TCP edge server",
        description = "Where the edge listens for devices' co-inference requests: mutual TLS unless plaintext is set; a device without a certificate the trust store vouches for is refused before any frame is read.")
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

    @AttributeDefinition(name = "Plaintext",
            description = "Talk without TLS: no authentication, no encryption. Only inside a trusted network.")
    boolean plaintext() default false;

    @AttributeDefinition(name = "Key store (PKCS#12)", description = "This host's private key and certificate chain.")
    String keyStore() default "";

    @AttributeDefinition(name = "Key store password", type = AttributeType.PASSWORD)
    String keyStorePassword() default "";

    @AttributeDefinition(name = "Trust store (PKCS#12)", description = "The CA certificates a peer's certificate must chain to.")
    String trustStore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(name = "TLS handshake timeout (ms)", min = "1")
    int handshakeTimeoutMs() default 5000;
}
