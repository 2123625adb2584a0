package org.coinfer.engine.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.Loader;

/**
 * Makes TensorFlow's native libraries ready before any TensorFlow class is used.
 *
 * <p>The natives travel in this bundle as Maven Central's {@code tensorflow-core-native} jar of
 * each platform. {@link #load} unpacks the running platform's jar into a folder once (later
 * starts find it complete and skip the work) and loads the libraries from there through JavaCPP,
 * so they bind to this bundle's class loader. TensorFlow's own loader then finds them loaded.
 * JavaCPP alone would unpack the 700 MB anew at every start inside OSGi, where resources are not
 * jar files it can compare against its cache.
 */
public final class TensorFlowNatives {
    /** Framework or system property naming the folder the natives unpack into. */
    public static final String FOLDER_PROPERTY = "coinfer.tensorflow.natives";

    private static final String MARKER = "complete";
    private static Path loadedFrom;

    private TensorFlowNatives() {
    }

    /** {@code ${java.io.tmpdir}/coinfer-tensorflow}: where the natives go when nothing says otherwise. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"), "coinfer-tensorflow");
    }

    /** The folder given by {@code value} when it is set, else {@link #defaultFolder()}. */
    public static Path folder(String value) {
        return value == null || value.isBlank() ? defaultFolder() : Path.of(value.trim());
    }

    /**
     * Unpacks this platform's natives under {@code folder} when they are not there yet and loads
     * them. A JVM loads them once: later calls return the first call's directory, whatever their
     * folder.
     *
     * @return the directory the libraries were loaded from
     * @throws UnsatisfiedLinkError when this bundle has no natives for the platform or they fail to load
     * @throws UncheckedIOException when the folder cannot be written
     */
    public static synchronized Path load(Path folder) {
        if (loadedFrom != null) {
            return loadedFrom;
        }
        String platform = Loader.getPlatform();
        URL jar = TensorFlowNatives.class.getResource("/natives/tensorflow-core-native-" + platform + ".jar");
        if (jar == null) {
            throw new UnsatisfiedLinkError("the TensorFlow engine bundle has no natives for platform " + platform
                    + " (it ships linux-x86_64 and linux-arm64)");
        }
        Path dir = folder.toAbsolutePath().resolve("tensorflow-" + version()).resolve(platform);
        try {
            unpackOnce(jar, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack TensorFlow's natives into " + dir + " (set "
                    + FOLDER_PROPERTY + " to a writable folder): " + e.getMessage(), e);
        }
        ClassProperties p = Loader.loadProperties(org.tensorflow.internal.c_api.global.tensorflow.class,
                Loader.loadProperties(), true);
        // As JavaCPP does: preloads (the GPU runtime, an OpenMP) only when present, then the
        // libraries the bindings link against and the bindings themselves, which must be there.
        for (String lib : p.get("platform.preload")) {
            loadLibrary(p, dir, lib, false);
        }
        for (String lib : p.get("platform.link")) {
            loadLibrary(p, dir, lib, true);
        }
        loadLibrary(p, dir, p.getProperty("platform.library"), true);
        loadedFrom = dir;
        return dir;
    }

    /**
     * Loads {@code name@version} through JavaCPP, which remembers it: when TensorFlow's classes
     * ask JavaCPP for the same library, it is already there.
     */
    private static void loadLibrary(ClassProperties p, Path dir, String lib, boolean required) {
        String[] nameVersion = lib.split("#")[0].split("@");
        String version = nameVersion.length > 1 ? nameVersion[nameVersion.length - 1] : "";
        Path file = dir.resolve(p.getProperty("platform.library.prefix", "") + nameVersion[0]
                + p.getProperty("platform.library.suffix", "") + version);
        if (!Files.exists(file)) {
            if (!required) {
                return;
            }
            throw new UnsatisfiedLinkError("TensorFlow native library " + file.getFileName() + " is missing from " + dir);
        }
        try {
            Loader.loadLibrary(org.tensorflow.internal.c_api.global.tensorflow.class, new URL[] {file.toUri().toURL()}, lib);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String version() {
        try (InputStream in = TensorFlowNatives.class.getResourceAsStream("/natives/version")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Unpacks the jar's libraries into {@code dir} unless a previous run finished doing so. Each
     * file is written aside and renamed, a marker last; a file lock keeps two JVMs sharing the
     * folder from unpacking at once.
     */
    private static void unpackOnce(URL jar, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve(MARKER);
        if (Files.exists(marker)) {
            return;
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock();
             JarInputStream in = new JarInputStream(jar.openStream())) {
            if (Files.exists(marker)) {
                return;
            }
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                // The libraries and their licence sit in org/tensorflow/internal/c_api/<platform>/.
                String[] path = e.getName().split("/");
                if (e.isDirectory() || path.length != 6 || !e.getName().startsWith("org/tensorflow/internal/c_api/")) {
                    continue;
                }
                Path target = dir.resolve(path[5]);
                Path partial = dir.resolve(target.getFileName() + ".partial");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.writeString(marker, jar + "\n");
        }
    }
}
