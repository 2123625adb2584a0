package org.coinfer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Certificates for tests, made by the same script as {@code ./coinfer certs}, so the tests prove
 * what users get. A folder is made once and kept: the script keeps what exists.
 */
public final class Certificates {
    private static final String SCRIPT = "tools/certs/make-certs.sh";

    private final Path dir;

    private Certificates(Path dir) {
        this.dir = dir;
    }

    /** A CA with an edge certificate (localhost, 127.0.0.1) and a "device" certificate in {@code dir}. */
    public static Certificates in(Path dir, String... scriptArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", projectRoot().resolve(SCRIPT).toString(), dir.toString()));
        cmd.addAll(List.of(scriptArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return new Certificates(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Transport configuration for {@code name} ("edge", "device" or a device made with --device). */
    public Map<String, Object> config(String name) throws IOException {
        String password = Files.readString(dir.resolve("password")).trim();
        return Map.of("keyStore", dir.resolve(name + ".p12").toString(), "keyStorePassword", password,
                "trustStore", dir.resolve("trust.p12").toString(), "trustStorePassword", password);
    }

    /** The checkout's root: the first folder upwards from the working directory that holds the script. */
    public static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return p;
            }
        }
        throw new IllegalStateException(SCRIPT + " not found above " + Path.of("").toAbsolutePath());
    }
}
