package org.coinfer.transport.tcp.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS from two PKCS#12 files: this host's key and certificate chain, and the certificates
 * it trusts (the CA that signed the peer's). Only TLS 1.3; both sides must show a certificate.
 * Every problem with the files is an {@link IOException} naming the file and what is wrong.
 */
public final class TlsSetup {
    public static final String PROTOCOL = "TLSv1.3";

    private final SSLContext context;
    private final String keyStore;

    private TlsSetup(SSLContext context, String keyStore) {
        this.context = context;
        this.keyStore = keyStore;
    }

    /**
     * @param where names the configuration the paths came from, for messages
     */
    public static TlsSetup load(String where, String keyStore, String keyStorePassword, String trustStore,
            String trustStorePassword) throws IOException {
        KeyStore keys = read(where, "keyStore", keyStore, keyStorePassword);
        KeyStore trusted = read(where, "trustStore", trustStore, trustStorePassword);
        try {
            if (Collections.list(keys.aliases()).stream().noneMatch(a -> isKey(keys, a))) {
                throw new IOException(where + ": keyStore " + keyStore + " holds no private key with its certificate");
            }
            if (trusted.size() == 0) {
                throw new IOException(where + ": trustStore " + trustStore + " holds no certificate to trust");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyStorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance(PROTOCOL);
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new TlsSetup(ctx, keyStore);
        } catch (UnrecoverableKeyException e) {
            throw new IOException(where + ": keyStore " + keyStore + ": the key's password differs from keyStorePassword", e);
        } catch (GeneralSecurityException e) {
            throw new IOException(where + ": cannot set up TLS from " + keyStore + " and " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** The server's engine: it asks the client for a certificate and refuses the connection without one it trusts. */
    public SSLEngine serverEngine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {PROTOCOL});
        p.setNeedClientAuth(true);
        e.setSSLParameters(p);
        return e;
    }

    /**
     * The client's engine for {@code host}; with {@code verifyHost} the server's certificate must
     * name that host (DNS name or IP address), as in HTTPS.
     */
    public SSLEngine clientEngine(String host, int port, boolean verifyHost) {
        SSLEngine e = context.createSSLEngine(host, port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {PROTOCOL});
        if (verifyHost) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        e.setSSLParameters(p);
        return e;
    }

    @Override
    public String toString() {
        return "mutual TLS with " + keyStore;
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore read(String where, String field, String file, String password) throws IOException {
        if (file == null || file.isBlank()) {
            throw new IOException(where + ": " + field + " is not set; mutual TLS needs a PKCS#12 file there"
                    + " (or plaintext=true to go without TLS)");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IOException(where + ": " + field + " " + file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException e) {
            boolean badPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new IOException(where + ": " + field + " " + file + (badPassword ? ": wrong password"
                    : ": not a readable PKCS#12 file (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")"), e);
        } catch (GeneralSecurityException e) {
            throw new IOException(where + ": " + field + " " + file + ": " + e.getMessage(), e);
        }
    }
}
