package org.coinfer.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Target 4: start the device container as the coinfer script does (-Xmx256m) and time it
 * until the Web Console answers and until it reports every bundle active; then read the
 * process's resident memory.
 */
final class ContainerBench {
    /** The console's summary: total, active, fragments, resolved, installed. */
    private static final Pattern COUNTS = Pattern.compile("\"s\":\\[(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\]");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path jar;
    private final int starts;
    private final long settleMillis;

    ContainerBench(Path jar, int starts, long settleMillis) {
        this.jar = jar;
        this.starts = starts;
        this.settleMillis = settleMillis;
    }

    private record Start(double answerMs, double activeMs, long rssKb, long rssFileKb, String bundles) {
    }

    List<Row> run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.out.println("  " + jar + " not found: build the containers module first");
            return List.of(Row.skip("device container start", "< 5 s", jar + " missing"),
                    Row.skip("device container RSS", "< 512 MB", jar + " missing"));
        }
        List<Start> runs = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Start s;
            try {
                s = once();
            } catch (IOException e) {
                System.out.println("  start " + (i + 1) + " failed: " + e.getMessage());
                return List.of(Row.skip("device container start", "< 5 s", e.getMessage()));
            }
            runs.add(s);
            System.out.printf(Locale.ROOT, "  start %d: console answers after %.2f s, %s after %.2f s; VmRSS %d MB after %.1f s more%n",
                    i + 1, s.answerMs() / 1e3, s.bundles(), s.activeMs() / 1e3, s.rssKb() / 1024, settleMillis / 1e3);
        }
        double[] active = runs.stream().mapToDouble(Start::activeMs).toArray();
        double[] answer = runs.stream().mapToDouble(Start::answerMs).toArray();
        double[] rss = runs.stream().mapToDouble(s -> s.rssKb() / 1024.0).toArray();
        double activeS = Stats.median(active) / 1e3;
        double rssMb = Stats.quantile(rss, 1.0);
        System.out.println("  'model loaded' is not part of these times: the model catalog and the device runtime are");
        System.out.println("  delayed DS components (no immediate=true, nothing immediate references them), so the demo");
        System.out.println("  model is parsed on the first request; RSS here is before any request.");
        return List.of(
                Row.check("device container start (all bundles ACTIVE)", activeS, "s", "< 5", activeS < 5,
                        String.format(Locale.ROOT, "median of %d; console first answers at %.2f s; model loads lazily",
                                starts, Stats.median(answer) / 1e3)),
                Row.check("device container RSS (-Xmx256m, idle)", rssMb, "MB", "< 512", rssMb < 512,
                        "max of " + starts + " VmRSS; no request served, so no ORT session yet"));
    }

    /**
     * The device container's resident memory with each engine running the default model: the
     * engine is configured, one request runs through the console (no edge answers, so the device
     * runs it alone and its profiler times every prefix on the engine), and VmRSS is read after
     * the settle time.
     */
    List<Row> engines(List<String> engines) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String engine : engines) {
            Start s;
            try {
                s = once(engine);
            } catch (IOException e) {
                System.out.println("  " + engine + ": " + e.getMessage());
                rows.add(Row.skip("device container RSS, " + engine, "< 512 MB", e.getMessage()));
                continue;
            }
            double mb = s.rssKb() / 1024.0;
            double fileMb = s.rssFileKb() / 1024.0;
            System.out.printf(Locale.ROOT, "  %s: VmRSS %.0f MB (%.0f MB of it mapped files) %.1f s after its first request (%s)%n",
                    engine, mb, fileMb, settleMillis / 1e3, s.bundles());
            rows.add(Row.check("device container RSS (-Xmx256m), " + engine + " with B-AlexNet loaded", mb, "MB", "< 512", mb < 512,
                    String.format(Locale.ROOT, "%.0f MB of it mapped files (engine libraries); one request, and the device's profiling "
                            + "loads every prefix on %s", fileMb, engine)));
        }
        return rows;
    }

    private Start once() throws Exception {
        return once(null);
    }

    /** One start; with an engine, it is configured and one request runs before the memory is read. */
    private Start once(String engine) throws Exception {
        Path dir = Files.createTempDirectory("coinfer-bench-device");
        int port = freePort();
        String password = UUID.randomUUID().toString();
        if (engine != null) {
            Path load = Files.createDirectories(dir.resolve("load"));
            Files.writeString(load.resolve("org.coinfer.backend.cfg"), "engine=" + engine + "\n");
            // An edge nobody answers at: the device runtime is up and runs each request alone.
            Files.writeString(load.resolve("org.coinfer.transport.tcp.client.cfg"),
                    "host=127.0.0.1\nport=" + freePort() + "\nplaintext=true\n");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Dgosh.args=--nointeractive",
                "-Dorg.osgi.service.http.port=" + port, "-Dfelix.webconsole.password=" + password));
        for (String p : List.of("coinfer.tensorflow.natives", "ENGINE_CACHE_DIR")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("container.log").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + port + "/system/console/bundles.json");
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            double answer = -1;
            while (true) {
                if (!p.isAlive()) {
                    throw new IOException("device container exited with " + p.exitValue() + "; see " + dir.resolve("container.log"));
                }
                if (System.nanoTime() - t0 > TIMEOUT_NANOS) {
                    throw new IOException("device container did not come up within 60 s; see " + dir.resolve("container.log"));
                }
                String body = get(uri, auth);
                long now = System.nanoTime();
                if (body != null && answer < 0) {
                    answer = (now - t0) / 1e6;
                }
                Matcher m = body == null ? null : COUNTS.matcher(body);
                if (m != null && m.find()) {
                    int total = Integer.parseInt(m.group(1));
                    int activeOrFragment = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
                    if (activeOrFragment == total) {
                        if (engine != null) {
                            runOne(URI.create("http://127.0.0.1:" + port + "/system/console/coinfer"), auth);
                        }
                        Thread.sleep(settleMillis);
                        return new Start(answer, (now - t0) / 1e6, rssKb(p.pid()), status(p.pid(), "RssFile:"), total + "/" + total + " bundles active");
                    }
                }
                Thread.sleep(20);
            }
        } finally {
            stop(p);
            deleteTree(dir);
        }
    }

    /** Runs one request through the console's form, as an operator would. */
    private static void runOne(URI page, String auth) throws IOException {
        HttpURLConnection c = (HttpURLConnection) page.toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setInstanceFollowRedirects(false);
        c.setReadTimeout(120_000);
        c.setRequestProperty("Authorization", auth);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        c.getOutputStream().write("action=infer".getBytes(StandardCharsets.UTF_8));
        int code = c.getResponseCode();
        String location = String.valueOf(c.getHeaderField("Location"));
        c.disconnect();
        if (code != 302 && code != 303) {
            throw new IOException("the console answered the request with HTTP " + code);
        }
        String ran = java.net.URLDecoder.decode(location.replaceFirst(".*[?&]ran=", ""), StandardCharsets.UTF_8);
        if (ran.startsWith("the request failed")) {
            throw new IOException(ran);
        }
        System.out.println("    request: " + ran);
    }

    /** The response body, or null while nothing answers; a 401 or 404 still counts as an answer. */
    private static String get(URI uri, String auth) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(2_000);
            c.setRequestProperty("Authorization", auth);
            try {
                if (c.getResponseCode() != 200) {
                    return "";
                }
                return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return null;
        }
    }

    static long rssKb(long pid) throws IOException {
        return status(pid, "VmRSS:");
    }

    /** A kB figure of /proc/PID/status, e.g. VmRSS or RssFile (pages of mapped files, which the kernel can drop). */
    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " for process " + pid);
    }

    /** Children first, so nothing the container started outlives it. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
