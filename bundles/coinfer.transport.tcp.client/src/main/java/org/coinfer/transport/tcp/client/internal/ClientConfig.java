package org.coinfer.transport.tcp.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link TcpTransport}, editable in the Felix Web Console. */
@ObjectClassDefinition(name = "Coinfer TCP transport (device side)",
        description = "How the device reaches the edge server: mutual TLS unless plaintext is set, optional application-level link shaping.")
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

    @AttributeDefinition(name = "Verify the edge's host name",
            description = "The edge's certificate must name the configured host (DNS name or IP address), as in HTTPS.")
    boolean verifyHostName() default true;
}
