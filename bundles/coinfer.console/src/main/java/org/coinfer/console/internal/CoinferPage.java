package org.coinfer.console.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.coinfer.api.CoInference;
import org.coinfer.api.EdgeActivity;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.Outcome;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.RequestRecord;
import org.coinfer.api.Tensor;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Coinfer's page in the Web Console, {@code /system/console/coinfer}: on the device its
 * settings, link, last requests, components and models; on the edge the devices connected, the
 * requests served per model and cut with their compute time, and the queue. The console
 * authenticates every request to it, reads and posts alike. The live part refreshes itself
 * every two seconds from {@code ?part=live}; the device's form writes the device runtime's
 * configuration through ConfigAdmin, so it persists and shows on the Configuration page too.
 * The container's role comes from which runtime is there, so one bundle serves both.
 */
@Component(service = Servlet.class)
@WebConsolePlugin(label = CoinferPage.LABEL, title = "Coinfer")
public final class CoinferPage extends AbstractServlet {
    static final String LABEL = "coinfer";
    static final String RUNTIME_PID = "org.coinfer.runtime.device";
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int REQUESTS_SHOWN = 20;

    /** Present on the device. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient CoInference coinference;
    /** Present on the edge. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient EdgeActivity edge;
    private final transient ModelCatalog catalog;
    private final transient ConfigurationAdmin admin;
    private final transient BundleContext context;
    private final transient LinkHistory link;
    private final transient ScheduledExecutorService sampler;

    @Activate
    public CoinferPage(@Reference ModelCatalog catalog, @Reference ConfigurationAdmin admin, BundleContext context) {
        this.catalog = catalog;
        this.admin = admin;
        this.context = context;
        this.link = new LinkHistory(300, () -> {
            CoInference ci = coinference;
            return ci == null ? null : ci.link();
        });
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coinfer-console-link");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> link.sample(System.currentTimeMillis()), 0, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(2, TimeUnit.SECONDS);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws jakarta.servlet.ServletException, IOException {
        if ("live".equals(req.getParameter("part"))) {
            res.setContentType("text/html;charset=UTF-8");
            setNoCache(res);
            live(res.getWriter());
            return;
        }
        super.doGet(req, res);
    }

    /**
     * Changes the settings when every field is valid, or runs one request; either way back to the
     * page, which says what happened.
     */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        CoInference coinference = this.coinference;
        if (coinference == null) {
            res.sendError(HttpServletResponse.SC_CONFLICT, "this container is not a device: nothing to set here");
            return;
        }
        if ("infer".equals(req.getParameter("action"))) {
            res.sendRedirect(req.getRequestURI() + "?ran=" + URLEncoder.encode(runOne(coinference), StandardCharsets.UTF_8));
            return;
        }
        Map<String, String> values = Map.of(
                SettingsForm.DEADLINE, nonNull(req.getParameter(SettingsForm.DEADLINE)),
                SettingsForm.STRATEGY, nonNull(req.getParameter(SettingsForm.STRATEGY)),
                SettingsForm.PREDICTOR, nonNull(req.getParameter(SettingsForm.PREDICTOR)));
        String page = req.getRequestURI();
        try {
            SettingsForm.Changes changes = SettingsForm.check(values, coinference.strategies(), predictors());
            Configuration c = admin.getConfiguration(RUNTIME_PID, "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            changes.properties().forEach(props::put);
            c.update(props);
            res.sendRedirect(page + "?saved=" + URLEncoder.encode(String.valueOf(changes.properties()), StandardCharsets.UTF_8));
        } catch (SettingsForm.Refused e) {
            res.sendRedirect(page + "?refused=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8));
        }
    }

    /** One request as an operator would send it: the configured strategy and requirement, a test image when there is one. */
    private String runOne(CoInference coinference) throws IOException {
        Dictionary<String, Object> props = admin.getConfiguration(RUNTIME_PID, "?").getProperties();
        double deadline = Double.parseDouble(current(props, SettingsForm.DEADLINE, "100"));
        LoadedModel m = catalog.defaultModel();
        Tensor input = Inputs.testImages(m.description().input()).map(d -> d.image(0))
                .orElseGet(() -> Inputs.zeros(m.description().input()));
        try {
            Outcome o = coinference.infer(m.id(), input, new LatencyRequirement(deadline), null);
            return String.format(Locale.ROOT, "%s: exit %d, cut %d, %.1f ms for a requirement of %.1f ms%s", o.plan().strategy(),
                    o.plan().exit(), o.plan().cut(), o.totalMs(), deadline, o.fellBack() ? " (fell back: " + o.fallback() + ")" : "");
        } catch (InferenceException | RuntimeException e) {
            return "the request failed: " + e.getMessage();
        }
    }

    @Override
    public void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        String refused = req.getParameter("refused");
        String saved = req.getParameter("saved");
        String ran = req.getParameter("ran");
        if (refused != null) {
            out.printf("<p class='ui-state-error' id='refused'>Not changed: %s</p>%n", Html.escape(refused));
        } else if (saved != null) {
            out.printf("<p class='ui-state-highlight' id='saved'>Saved: %s</p>%n", Html.escape(saved));
        } else if (ran != null) {
            out.printf("<p class='ui-state-highlight' id='ran'>Ran one request: %s</p>%n", Html.escape(ran));
        }
        if (coinference != null) {
            settings(out, req.getRequestURI());
        }
        out.println("<div id='live'>");
        live(out);
        out.println("</div>");
        // Refreshes the live part in place; the script is this page's own, nothing is fetched from elsewhere.
        out.println("<script>setInterval(function(){fetch(location.pathname+'?part=live',{credentials:'same-origin'})"
                + ".then(function(r){return r.ok?r.text():null}).then(function(t){if(t){document.getElementById('live').innerHTML=t}})"
                + ".catch(function(){})},2000);</script>");
    }

    private void settings(PrintWriter out, String action) throws IOException {
        CoInference coinference = this.coinference;
        Dictionary<String, Object> props = admin.getConfiguration(RUNTIME_PID, "?").getProperties();
        String deadline = current(props, SettingsForm.DEADLINE, "100 (default)");
        String strategy = current(props, SettingsForm.STRATEGY, "edgent");
        String predictor = current(props, SettingsForm.PREDICTOR, "hybrid");
        out.printf("<h2>Settings</h2><form method='post' action='%s' id='settings'>", Html.escape(action));
        out.printf("<label>Default latency requirement (ms) <input name='%s' id='deadlineMs' placeholder='%s'></label> ",
                SettingsForm.DEADLINE, Html.escape(deadline));
        out.print(select(SettingsForm.STRATEGY, "Strategy", coinference.strategies(), strategy));
        out.print(select(SettingsForm.PREDICTOR, "Predictor", predictors(), predictor));
        out.printf("<button type='submit' id='save'>Save</button></form>%n<p>Now: requirement %s ms, strategy %s, predictor %s "
                + "(configuration %s).</p>%n", Html.escape(deadline), Html.escape(strategy), Html.escape(predictor), RUNTIME_PID);
        out.printf("<form method='post' action='%s' id='run'><input type='hidden' name='action' value='infer'>"
                + "<button type='submit' id='infer'>Run a request</button> (on a test image, with these settings)</form>%n",
                Html.escape(action));
    }

    private static String select(String name, String label, List<String> options, String current) {
        StringBuilder sb = new StringBuilder(String.format("<label>%s <select name='%s' id='%s'><option value=''>(keep)</option>",
                label, name, name));
        for (String o : options) {
            sb.append(String.format("<option value='%s'%s>%s</option>", Html.escape(o), o.equals(current) ? " selected" : "",
                    Html.escape(o)));
        }
        return sb.append("</select></label> ").toString();
    }

    /** The part that refreshes itself: the device's or the edge's, whichever this container is. */
    private void live(PrintWriter out) {
        CoInference ci = coinference;
        EdgeActivity e = edge;
        if (ci != null) {
            device(out, ci);
        }
        if (e != null) {
            EdgeSection.render(out, e, catalog);
        }
        if (ci == null && e == null) {
            out.println("<p id='role'>Neither the device runtime nor the edge server runs in this container yet.</p>");
        }
    }

    private void device(PrintWriter out, CoInference coinference) {
        List<LinkHistory.Sample> samples = link.samples();
        LinkEstimate l = coinference.link();
        out.println("<h2>Link</h2>");
        out.println(l == null ? "<p>not measured yet</p>" : "<p>" + Html.escape(l.describe()) + "</p>");
        out.println(Svg.chart("link estimate", "Mbit/s", samples, s -> s.epochMs(),
                new Svg.Line<>("uplink", "#1f77b4", LinkHistory.Sample::upMbps),
                new Svg.Line<>("downlink", "#ff7f0e", LinkHistory.Sample::downMbps)));
        requests(out, coinference);
        components(out);
        models(out);
    }

    private void requests(PrintWriter out, CoInference coinference) {
        out.println("<h2>Last requests</h2><table class='nicetable' id='requests'><thead><tr><th>time</th><th>model</th><th>plan</th>"
                + "<th>exit</th><th>cut</th><th>requirement</th><th>predicted (device + up + RTT + edge + down)</th>"
                + "<th>measured (device, network, edge, probing)</th><th>met</th><th>fell back</th></tr></thead><tbody>");
        for (RequestRecord r : coinference.recent(REQUESTS_SHOWN)) {
            Outcome o = r.outcome();
            var p = o.plan().predicted();
            String predicted = Double.isNaN(p.totalMs()) ? "- (no prediction)" : String.format(Locale.ROOT,
                    "%.1f ms (%.1f + %.1f + %.1f + %.1f + %.1f)", p.totalMs(), p.deviceMs(), p.uploadMs(), p.rttMs(), p.edgeMs(),
                    p.downloadMs());
            out.printf(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%.1f ms</td>"
                    + "<td>%s</td><td>%.1f ms (%.1f, %.1f, %.1f, %.1f)</td><td>%s</td><td>%s</td></tr>%n",
                    TIME.format(Instant.ofEpochMilli(r.epochMs())), Html.escape(r.modelId()), Html.escape(o.plan().strategy()),
                    o.plan().exit(), o.plan().cut(), r.requirement().deadlineMs(), predicted, o.totalMs(), o.deviceMs(), o.networkMs(),
                    o.edgeMs(), o.probeMs(), r.met() ? "yes" : "no", Html.escape(o.fallback()));
        }
        out.println("</tbody></table>");
    }

    private void components(PrintWriter out) {
        out.println("<h2>Strategies, predictors, backends</h2><table class='nicetable' id='components'><thead><tr><th>kind</th>"
                + "<th>name</th><th>bundle</th><th>in use</th></tr></thead><tbody>");
        Dictionary<String, Object> props;
        try {
            props = admin.getConfiguration(RUNTIME_PID, "?").getProperties();
        } catch (IOException e) {
            props = null;
        }
        String strategy = current(props, SettingsForm.STRATEGY, "edgent");
        String predictor = current(props, SettingsForm.PREDICTOR, "hybrid");
        for (ServiceReference<PartitionStrategy> ref : refs(PartitionStrategy.class)) {
            String name = String.valueOf(ref.getProperty(PartitionStrategy.NAME));
            row(out, "strategy", name, ref, name.equals(strategy));
        }
        for (ServiceReference<LatencyPredictor> ref : refs(LatencyPredictor.class)) {
            String name = String.valueOf(ref.getProperty(LatencyPredictor.NAME));
            row(out, "predictor", name, ref, name.equals(predictor));
        }
        List<ServiceReference<InferenceBackend>> backends = refs(InferenceBackend.class);
        ServiceReference<InferenceBackend> best = context.getServiceReference(InferenceBackend.class);
        for (ServiceReference<InferenceBackend> ref : backends) {
            InferenceBackend b = context.getService(ref);
            try {
                row(out, "backend", b == null ? "?" : b.engine(), ref, ref.equals(best));
            } finally {
                context.ungetService(ref);
            }
        }
        out.println("</tbody></table>");
    }

    private static void row(PrintWriter out, String kind, String name, ServiceReference<?> ref, boolean active) {
        out.printf("<tr><td>%s</td><td>%s</td><td>%s %s</td><td>%s</td></tr>%n", kind, Html.escape(name),
                Html.escape(ref.getBundle().getSymbolicName()), Html.escape(ref.getBundle().getVersion()), active ? "yes" : "");
    }

    private void models(PrintWriter out) {
        out.println("<h2>Models</h2><table class='nicetable' id='models'><thead><tr><th>model</th><th>exit</th><th>output</th>"
                + "<th>accuracy</th><th>cuts</th></tr></thead><tbody>");
        for (LoadedModel m : catalog.models()) {
            for (Exit e : m.description().exits()) {
                out.printf(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%d</td></tr>%n", Html.escape(m.id()),
                        e.number(), Html.escape(e.output()), Double.isNaN(e.accuracy()) ? "-" : String.format(Locale.ROOT, "%.3f",
                                e.accuracy()), e.cuts().size());
            }
        }
        out.println("</tbody></table>");
    }

    private List<String> predictors() {
        List<String> names = new ArrayList<>();
        for (ServiceReference<LatencyPredictor> ref : refs(LatencyPredictor.class)) {
            names.add(String.valueOf(ref.getProperty(LatencyPredictor.NAME)));
        }
        names.sort(null);
        return names;
    }

    private <S> List<ServiceReference<S>> refs(Class<S> type) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, null));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String current(Dictionary<String, Object> props, String key, String otherwise) {
        Object v = props == null ? null : props.get(key);
        return v == null ? otherwise : String.valueOf(v);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
