package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Dictionary;
import javax.inject.Inject;
import org.coinfer.api.CoInference;
import org.coinfer.api.Outcome;
import org.coinfer.api.Tensor;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The device's page in the shipped Web Console, over HTTP: only the console's users see it or
 * change anything; a valid change is written to the device runtime's configuration and the
 * next request follows it; a bad one is refused with the reason on the page and changes nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsolePageIT {
    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    @Test
    public void onlyTheConsolesUsersSeeThePageAndChangeTheSettingsWhichTheNextRequestFollows() throws Exception {
        String page = "http://127.0.0.1:" + System.getProperty("org.osgi.service.http.port") + "/system/console/coinfer";
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + System.getProperty("felix.webconsole.password"))
                .getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        ConfigurationAdmin admin = Coinfer.service(bc, ConfigurationAdmin.class);

        Coinfer.await("the console serves the page", Duration.ofSeconds(30), () -> status(http, get(page, auth)) == 200);
        assertEquals("no credentials, no page", 401, status(http, get(page, null)));
        assertEquals("wrong credentials, no page", 401, status(http, get(page,
                "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8)))));
        String html = send(http, get(page, auth), HttpResponse.BodyHandlers.ofString()).body();
        for (String part : new String[] {"id='settings'", "id='models'", "b-alexnet", "id='components'", "coinfer.strategy.edgent",
            "id='requests'", "link estimate"}) {
            assertTrue(part + " on the page", html.contains(part));
        }

        // A post without the console's credentials changes nothing.
        assertEquals(401, status(http, post(page, null, "deadlineMs=42&strategy=neurosurgeon")));
        assertEquals(null, setting(admin, "strategy"));

        // Bad values are refused, with the reason on the page, and change nothing.
        for (String bad : new String[] {"deadlineMs=-5", "deadlineMs=soon", "strategy=oracle", "predictor=crystal-ball"}) {
            HttpResponse<String> r = send(http, post(page, auth, bad), HttpResponse.BodyHandlers.ofString());
            assertEquals(bad, 302, r.statusCode());
            String back = URI.create(page).resolve(r.headers().firstValue("Location").orElseThrow()).toString();
            String shown = send(http, get(back, auth), HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(bad + " refused on the page", shown.contains("id='refused'>Not changed:"));
            assertEquals(bad + " changed nothing", null, setting(admin, "strategy"));
            assertEquals(bad + " changed nothing", null, setting(admin, "deadlineMs"));
        }

        // A valid change is written through ConfigAdmin, and the next request plans with it.
        HttpResponse<String> ok = send(http, post(page, auth, "deadlineMs=42&strategy=neurosurgeon&predictor="),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, ok.statusCode());
        assertEquals("neurosurgeon", setting(admin, "strategy"));
        assertEquals(42.0, ((Number) setting(admin, "deadlineMs")).doubleValue(), 0);
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("console")) {
            Coinfer.connectTo(bc, edge);
            CoInference ci = Coinfer.service(bc, CoInference.class);
            LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
            Tensor input = Coinfer.input(model.description().input(), 3);
            Coinfer.awaitProfiled(ci, input, edge);
            Outcome o = ci.infer(null, input, Coinfer.RELAXED, null); // no strategy named: the configured one
            assertEquals("the next request is planned by the strategy set on the page: " + o.fallback(), "neurosurgeon",
                    o.plan().strategy());
        }
        String after = send(http, get(page, auth), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(after, after.contains("requirement 42.0 ms, strategy neurosurgeon"));
        // The page as the console rendered it, kept with the build's output for a look.
        java.nio.file.Path saved = java.nio.file.Path.of(System.getProperty("coinfer.it.work.dir", "target"), "console-device.html");
        java.nio.file.Files.writeString(saved, after);
        System.out.println("the device page as rendered: " + saved.toAbsolutePath());
        String live = send(http, get(page + "?part=live", auth), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue("the live part lists the last request", live.contains("<td>b-alexnet</td>"));
    }

    private static Object setting(ConfigurationAdmin admin, String key) throws Exception {
        Dictionary<String, Object> p = admin.getConfiguration(Coinfer.DEVICE_RUNTIME_PID, "?").getProperties();
        return p == null ? null : p.get(key);
    }

    private static HttpRequest get(String uri, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET();
        return (auth == null ? b : b.header("Authorization", auth)).build();
    }

    private static HttpRequest post(String uri, String auth, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return (auth == null ? b : b.header("Authorization", auth)).build();
    }

    private static int status(HttpClient http, HttpRequest r) {
        try {
            return send(http, r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Sends, and again when the connection is cut under it: in CI one response ended in EOF
     * just after the console came up (a pooled connection the server had closed, or the server
     * restarting). Every request here can be repeated without harm.
     */
    private static <T> HttpResponse<T> send(HttpClient http, HttpRequest r, HttpResponse.BodyHandler<T> body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return http.send(r, body);
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
