package org.coinfer.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.coinfer.api.CoInference;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.Outcome;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.api.TensorSpec;
import org.coinfer.api.Transport;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the integration tests share: the device and edge bundle sets as Pax Exam options, an
 * edge container started as a separate JVM from the exported {@code edge.jar}, and helpers
 * for services, configuration and tensors. Options are built outside the framework; the rest
 * runs inside it, in the probe bundle.
 */
final class Coinfer {
    static final String TRANSPORT_CLIENT_PID = "org.coinfer.transport.tcp.client";
    static final String TRANSPORT_SERVER_PID = "org.coinfer.transport.tcp.server";
    static final String DEVICE_RUNTIME_PID = "org.coinfer.runtime.device";
    static final String FALLBACK = "device-only (fallback)";
    static final List<String> STRATEGIES = List.of("device-only", "edge-only", "edgent", "edgent-dynamic", "neurosurgeon");
    static final LatencyRequirement RELAXED = new LatencyRequirement(10_000);
    static final Duration SERVICE_WAIT = Duration.ofSeconds(20);
    static final Duration PROFILE_WAIT = Duration.ofSeconds(90);
    static final Duration EDGE_START_WAIT = Duration.ofSeconds(30);
    static final double TOLERANCE = 1e-4;

    static final String SHUTDOWN = "coinfer.shutdown";
    /**
     * Synthetic models an edge container of the tests times to fit its per-layer model: a few,
     * so the fit is quick and loads the machine little while other tests measure.
     */
    static final int IT_SWEEP_MODELS = 4;
    static final String REGRESSION_PID = "org.coinfer.predictor.regression";

    private Coinfer() {
    }

    // ---- Pax Exam options (evaluated outside the framework) ----

    /**
     * A container's bundles as they ship, in Felix: every bundle bnd exported into
     * {@code containers/target/ROLE.jar} that {@code keep} accepts, so FileInstall, the Web
     * Console, Jetty and SPI Fly are tested with the rest. The framework does not say which host
     * it is (framework property {@code coinfer.role}), so its per-layer latency model is not
     * fitted unless a test adds the property: fitting would load the machine while other tests
     * measure.
     */
    static Option[] container(String role, Predicate<String> keep, Option... more) {
        List<Option> all = new ArrayList<>(List.of(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                junitBundles(),
                // What the containers' launcher properties set, with a free port and a private folder.
                systemProperty("org.osgi.service.http.port").value(String.valueOf(freePort())),
                systemProperty("felix.webconsole.password").value(UUID.randomUUID().toString()),
                systemProperty("felix.fileinstall.dir").value(workDir("load-" + role).toString()),
                systemProperty("felix.fileinstall.enableConfigSave").value("false"),
                // Gogo must not read this JVM's stdin: the test runner talks to its parent through it.
                systemProperty("gosh.args").value("--nointeractive --noshutdown")));
        all.addAll(List.of(more));
        for (Shipped b : shipped(role)) {
            if (keep.test(b.symbolicName())) {
                // As the containers' start levels: SPI Fly first, then SLF4J, which it serves to Jetty.
                int level = b.symbolicName().equals("org.apache.aries.spifly.dynamic.bundle") ? 1
                        : b.symbolicName().startsWith("slf4j.") ? 2 : 3;
                all.add(bundle(b.file().toURI().toString()).startLevel(level));
            }
        }
        return options(all.toArray(Option[]::new));
    }

    static Option[] device(Option... more) {
        return container("device", b -> true, more);
    }

    static Option[] edge() {
        return container("edge", b -> true);
    }

    /** The device set without one bundle, for tests that install it later. */
    static Option[] deviceWithout(String bundle) {
        return container("device", b -> !b.equals(bundle));
    }

    /** A bundle of a shipped container. */
    record Shipped(String symbolicName, File file) {
    }

    /**
     * The bundles of {@code containers/target/ROLE.jar}, unpacked once, less the framework and
     * bnd's launcher (Pax Exam brings its own Felix) and {@value #SHUTDOWN}, which ends the JVM
     * once its framework stops: here that JVM runs every test ({@code ContainerStopIT} tests it in
     * the exported containers).
     */
    static synchronized List<Shipped> shipped(String role) {
        Path jar = containerJar(role);
        Path dir = workDir("shipped-" + role);
        List<Shipped> bundles = new ArrayList<>();
        try (JarFile container = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(container.entries())) {
                if (!e.getName().startsWith("jar/") || !e.getName().endsWith(".jar")) {
                    continue;
                }
                Path file = dir.resolve(e.getName().substring(4));
                if (!Files.isRegularFile(file) || Files.getLastModifiedTime(file).toMillis() < Files.getLastModifiedTime(jar).toMillis()) {
                    try (InputStream in = container.getInputStream(e)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                String bsn;
                try (JarFile b = new JarFile(file.toFile())) {
                    Manifest m = b.getManifest();
                    bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
                }
                if (bsn == null) {
                    continue;
                }
                bsn = bsn.split(";")[0].trim();
                if (!bsn.equals("org.apache.felix.framework") && !bsn.equals("biz.aQute.launcher") && !bsn.equals(SHUTDOWN)) {
                    bundles.add(new Shipped(bsn, file.toFile()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundles of " + jar + ": " + e.getMessage(), e);
        }
        bundles.sort(Comparator.comparing(Shipped::symbolicName));
        return bundles;
    }

    /** The Coinfer bundles a container ships, less {@value #SHUTDOWN} (see {@link #shipped}). */
    static List<String> coinferBundles(String role) {
        return shipped(role).stream().map(Shipped::symbolicName).filter(b -> b.startsWith("coinfer.")).toList();
    }

    private static Path containerJar(String role) {
        String edgeJar = System.getProperty("coinfer.edge.jar");
        assertNotNull("system property coinfer.edge.jar is not set: run the tests with 'mvn verify'", edgeJar);
        Path jar = Path.of(edgeJar).toAbsolutePath().normalize().resolveSibling(role + ".jar");
        assertTrue(jar + " is missing: build the containers module first", Files.isRegularFile(jar));
        return jar;
    }

    private static Path workDir(String name) {
        try {
            return Files.createDirectories(Path.of(System.getProperty("coinfer.it.work.dir", System.getProperty("java.io.tmpdir")))
                    .resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Coinfer bundle as copied by the build into {@code target/bundles} (reactor artifacts have no mvn: URL). */
    static String bundleUrl(String symbolicName) {
        String dir = System.getProperty("coinfer.bundles.dir");
        if (dir == null) {
            throw new IllegalStateException("system property coinfer.bundles.dir is not set: run the tests with 'mvn verify'");
        }
        File jar = new File(dir, symbolicName + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " is missing: the pre-integration-test phase copies it");
        }
        return jar.toURI().toString();
    }

    // ---- inside the framework ----

    /**
     * The service, waiting for it (and so activating a delayed component) at most
     * {@link #SERVICE_WAIT}. The probe keeps its use of the service until the framework stops:
     * releasing it would let SCR deactivate a delayed component (and invalidate a service
     * factory's object, such as ConfigurationAdmin's) under the test's feet.
     */
    static <T> T service(BundleContext bc, Class<T> type) {
        return service(bc, type, null);
    }

    /** The service matching an LDAP filter on its properties, e.g. {@code (coinfer.strategy.name=neurosurgeon)}. */
    static <T> T service(BundleContext bc, Class<T> type, String filter) {
        String f = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        ServiceTracker<T, T> tracker;
        try {
            tracker = new ServiceTracker<>(bc, bc.createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        tracker.open();
        try {
            assertNotNull("no service " + f + " within " + SERVICE_WAIT.toSeconds() + " s",
                    tracker.waitForService(SERVICE_WAIT.toMillis()));
            ServiceReference<T> ref = tracker.getServiceReference();
            T service = ref == null ? null : bc.getService(ref); // held, never released: see above
            assertNotNull("service " + f + " went away", service);
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + f, e);
        } finally {
            tracker.close();
        }
    }

    /** Every Coinfer bundle is there, exactly the expected ones, and every bundle in the framework is ACTIVE. */
    /** The installed bundle of that symbolic name; fails when there is none. */
    static Bundle installed(BundleContext bc, String symbolicName) {
        for (Bundle b : bc.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " installed");
    }

    static void assertAllActive(BundleContext bc, List<String> expectedCoinfer) {
        List<String> coinfer = new ArrayList<>();
        List<String> notActive = new ArrayList<>();
        for (Bundle b : bc.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " (state " + b.getState() + ")");
            }
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("coinfer.")) {
                coinfer.add(b.getSymbolicName());
            }
        }
        assertEquals("bundles not ACTIVE", List.of(), notActive);
        assertEquals("Coinfer bundles", expectedCoinfer.stream().sorted().toList(), coinfer.stream().sorted().toList());
    }

    /** Creates or replaces a configuration, bound to no bundle in particular. */
    static void configure(ConfigurationAdmin ca, String pid, Map<String, ?> properties) throws IOException {
        Configuration c = ca.getConfiguration(pid, "?");
        Dictionary<String, Object> d = new Hashtable<>(properties);
        c.update(d);
    }

    /** Points the device's transport at an edge, and waits until the transport has taken the new address. */
    static Transport connectTo(BundleContext bc, ContainerProcess edge) throws IOException {
        configure(service(bc, ConfigurationAdmin.class), TRANSPORT_CLIENT_PID, transport("device", "host", "127.0.0.1", "port", edge.port()));
        Transport transport = service(bc, Transport.class);
        String want = "127.0.0.1:" + edge.port();
        await("transport reconfigured to " + want, Duration.ofSeconds(10), () -> want.equals(transport.remote()));
        return transport;
    }

    /**
     * A transport configuration with mutual TLS for {@code name} ("edge", "device" or another
     * device's certificate), plus the given key-value pairs.
     */
    static Map<String, Object> transport(String name, Object... keysAndValues) throws IOException {
        return transportFrom("tls", name, keysAndValues);
    }

    /** The same with the certificates of another CA, made in the work folder's {@code folder}. */
    static Map<String, Object> transportFrom(String folder, String name, Object... keysAndValues) throws IOException {
        Path dir = certificates(folder, name);
        String password = Files.readString(dir.resolve("password")).trim();
        Map<String, Object> m = new HashMap<>(Map.of("keyStore", dir.resolve(name + ".p12").toString(),
                "trustStore", dir.resolve("trust.p12").toString(), "keyStorePassword", password, "trustStorePassword", password));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /**
     * The tests' CA and certificates, made once by the script users run ({@code ./coinfer certs}),
     * in the work folder; a device name other than "device" gets its own certificate from the same CA.
     */
    static synchronized Path certificates(String folder, String name) throws IOException {
        Path dir = Path.of(System.getProperty("coinfer.it.work.dir", System.getProperty("java.io.tmpdir"))).resolve(folder);
        if (!Files.isRegularFile(dir.resolve(name + ".p12"))) {
            Path script = Path.of(System.getProperty("coinfer.root", "..")).resolve("tools/certs/make-certs.sh");
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), dir.toString()));
            if (!name.equals("edge") && !name.equals("device")) {
                cmd.addAll(List.of("--device", name));
            }
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(String.join(" ", cmd) + ": " + out, 0, p.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted making certificates", e);
            }
        }
        return dir;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout.toSeconds() + " s: " + what);
            }
            sleep(50);
        }
    }

    /**
     * Waits until the device has both profiles of the default model, i.e. until a request stops
     * running on the device alone because profiling is under way or the edge is not up yet;
     * returns that first (device-only) outcome. A refusal or a mismatch fails at once.
     */
    static Outcome awaitProfiled(CoInference ci, Tensor input, ContainerProcess edge) throws Exception {
        long deadline = System.nanoTime() + PROFILE_WAIT.toNanos();
        while (true) {
            Outcome o = ci.infer(null, input, RELAXED, "device-only");
            if (!o.fellBack()) {
                return o;
            }
            String m = o.fallback();
            if (!m.contains("is being profiled") && !m.contains("from the edge yet")) {
                fail("not a device still waiting for profiles: " + m);
            }
            if (!edge.isAlive()) {
                fail("the edge process died while the device waited for its profile:\n" + edge.logTail());
            }
            if (System.nanoTime() > deadline) {
                fail("the device did not get both profiles within " + PROFILE_WAIT.toSeconds() + " s: " + m
                        + "\nedge log:\n" + edge.logTail());
            }
            sleep(250);
        }
    }

    /** A deterministic non-trivial input for a model (batch 1, floats in [0, 1)). */
    static Tensor input(TensorSpec spec, long seed) {
        assertEquals("the tests feed float inputs", DType.FLOAT32, spec.dtype());
        long[] shape = Inputs.batchOne(spec);
        float[] values = new float[Math.toIntExact(Tensor.elementCount(shape))];
        Random r = new Random(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextFloat();
        }
        return Tensor.ofFloats(shape, values);
    }

    /**
     * The whole final exit run locally in one piece, under a model id of its own so it shares
     * no loaded segment with the runtime under test.
     */
    static Tensor reference(InferenceBackend backend, LoadedModel model, Tensor input) throws InferenceException {
        Exit exit = model.description().finalExit();
        byte[] whole = model.segment(new SegmentKey(model.id(), exit.number(), 0, exit.layers()));
        SegmentKey key = new SegmentKey("it-reference-" + model.id(), exit.number(), 0, exit.layers());
        backend.load(key, whole);
        try {
            return backend.infer(key, input);
        } finally {
            backend.unload(key);
        }
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(what + ": element type", expected.dtype(), actual.dtype());
        assertArrayEquals(what + ": shape " + Arrays.toString(actual.shape()), expected.shape(), actual.shape());
        float[] e = expected.toFloats();
        float[] a = actual.toFloats();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs((double) e[i] - a[i]);
            if (!(d <= worst)) { // also catches NaN
                worst = d;
                at = i;
            }
        }
        assertTrue(what + ": element " + at + " differs by " + worst + " (> " + TOLERANCE + ")", worst <= TOLERANCE);
    }

    /**
     * Writes a bundle with these manifest headers (Bundle-ManifestVersion 2 added) and entries:
     * beside {@code target} first, then moved in, so a container watching the folder never
     * sees half a jar.
     */
    static Path bundleJar(Path target, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        headers.forEach(a::putValue);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return Files.move(tmp, target);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A container as a JVM of its own: {@code java -jar edge.jar} (or {@code device.jar}) in a
     * fresh working directory whose {@code load/} folder configures it: the edge's transport
     * server on a free port, or the device's transport and console. Closing it destroys the
     * process and all its descendants; a shutdown hook does the same if the test JVM exits first.
     */
    static final class ContainerProcess implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path dir;
        private final Path log;
        private final Thread hook;

        private ContainerProcess(Process process, int port, Path dir, Path log) {
            this.process = process;
            this.port = port;
            this.dir = dir;
            this.log = log;
            this.hook = new Thread(this::destroy, "coinfer-it-edge-killer");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        static ContainerProcess start(String name) throws IOException {
            return start(name, freePort());
        }

        /** An edge on a given port: a restart where the device expects it. */
        static ContainerProcess start(String name, int port) throws IOException {
            return edge(name, port, freePort(), UUID.randomUUID().toString());
        }

        /** An edge with its Web Console on {@code httpPort} for user admin with {@code password}. */
        static ContainerProcess edge(String name, int port, int httpPort, String password) throws IOException {
            Map<String, String> load = Map.of(
                    TRANSPORT_SERVER_PID + ".cfg", cfg(transport("edge", "bindAddress", "127.0.0.1", "port", port)),
                    REGRESSION_PID + ".cfg", "sweepModels=" + IT_SWEEP_MODELS + "\n");
            return launch("edge", name, load, port, List.of("-Xmx512m", "-Dorg.osgi.service.http.port=" + httpPort,
                    "-Dfelix.webconsole.password=" + password));
        }

        /**
         * A device container ({@code device.jar}) whose transport dials the edge on {@code edgePort},
         * with its Web Console on {@code httpPort} for user admin with {@code password}; it counts as
         * started once the console listens.
         */
        static ContainerProcess device(String name, int edgePort, int httpPort, String password) throws IOException {
            Map<String, String> load = Map.of(TRANSPORT_CLIENT_PID + ".cfg", cfg(transport("device", "host", "127.0.0.1", "port", edgePort)));
            return launch("device", name, load, httpPort, List.of("-Xmx256m", "-Dorg.osgi.service.http.port=" + httpPort,
                    "-Dfelix.webconsole.password=" + password));
        }

        private static String cfg(Map<String, Object> properties) {
            StringBuilder sb = new StringBuilder();
            properties.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            return sb.toString();
        }

        /** {@code java -jar ROLE.jar} in a fresh folder whose {@code load/} holds the given files; started once {@code port} listens. */
        private static ContainerProcess launch(String role, String name, Map<String, String> loadFiles, int port, List<String> jvmArgs)
                throws IOException {
            Path jar = containerJar(role);
            Path dir = Files.createTempDirectory(workDir("."), role + "-" + name + "-");
            Path load = Files.createDirectories(dir.resolve("load"));
            for (Map.Entry<String, String> f : loadFiles.entrySet()) {
                Files.writeString(load.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            Path log = dir.resolve(role + ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-Dgosh.args=--nointeractive", "-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            ContainerProcess p = new ContainerProcess(pb.start(), port, dir, log);
            try {
                p.awaitListening(EDGE_START_WAIT);
            } catch (RuntimeException | Error e) {
                p.close();
                throw e;
            }
            return p;
        }

        Path log() {
            return log;
        }

        /** Writes (or replaces) a configuration in the container's load/ folder, which its FileInstall picks up. */
        void configure(String pid, Map<String, Object> properties) throws IOException {
            Path tmp = dir.resolve(pid + ".cfg.tmp");
            Files.writeString(tmp, cfg(properties), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve("load").resolve(pid + ".cfg"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        /** How many lines of the container's log contain {@code text}. */
        long logLines(String text) throws IOException {
            try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
                return lines.filter(l -> l.contains(text)).count();
            }
        }

        /** Waits until the edge's transport server accepts connections on the configured port. */
        private void awaitListening(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                    return;
                } catch (IOException e) {
                    if (!process.isAlive()) {
                        fail("the edge process exited with " + process.exitValue() + " before listening on port " + port
                                + "; its log (" + log + "):\n" + logTail());
                    }
                    if (System.nanoTime() > deadline) {
                        fail("the edge process did not listen on port " + port + " within " + timeout.toSeconds()
                                + " s; its log (" + log + "):\n" + logTail());
                    }
                    sleep(100);
                }
            }
        }

        int port() {
            return port;
        }

        /** Sends SIGTERM and returns the seconds until the process ended; fails if it is still there after 15 s. */
        double terminate() throws InterruptedException {
            long t0 = System.nanoTime();
            process.destroy();
            return waitForExit(t0, "SIGTERM");
        }

        /** The seconds from {@code t0} until the process ended; fails if it is still there 15 s after it. */
        double waitForExit(long t0, String after) throws InterruptedException {
            if (!process.waitFor(15 - (System.nanoTime() - t0) / 1_000_000_000L, TimeUnit.SECONDS)) {
                fail("the container was still running 15 s after " + after + "; its log:\n" + logTail());
            }
            return (System.nanoTime() - t0) / 1e9;
        }

        int exitValue() {
            return process.exitValue();
        }

        /** Waits until the container's output has a line containing {@code text}. */
        void awaitLog(String text, Duration timeout) {
            await("the container to print '" + text + "'", timeout, () -> logTail().contains(text));
        }

        Path directory() {
            return dir;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            destroy();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and runs the hook anyway
            }
        }

        private void destroy() {
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
