package org.coinfer.console.internal;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.coinfer.api.EdgeActivity;
import org.coinfer.model.ModelCatalog;

/** The edge's part of the page: the devices connected, the queue, the requests served per model and cut. */
final class EdgeSection {
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private EdgeSection() {
    }

    static void render(PrintWriter out, EdgeActivity edge, ModelCatalog catalog) {
        List<EdgeActivity.Device> devices = edge.devices();
        out.printf("<h2>Edge</h2><p id='queue'>%d device(s) connected; %d request(s) being computed now; models served: %s</p>%n",
                devices.size(), edge.inFlight(), Html.escape(catalog.models().stream().map(m -> m.id()).toList()));
        out.println("<h2>Connected devices</h2><table class='nicetable' id='devices'><thead><tr><th>address</th><th>identity</th>"
                + "<th>connected since</th><th>requests</th></tr></thead><tbody>");
        for (EdgeActivity.Device d : devices) {
            out.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>%n", Html.escape(d.address()), Html.escape(d.identity()),
                    SINCE.format(Instant.ofEpochMilli(d.sinceEpochMs())), d.requests());
        }
        out.println("</tbody></table>");
        out.println("<h2>Requests served</h2><table class='nicetable' id='served'><thead><tr><th>model</th><th>exit</th><th>cut</th>"
                + "<th>requests</th><th>mean edge compute</th><th>last</th></tr></thead><tbody>");
        for (EdgeActivity.Served s : edge.served()) {
            out.printf(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.2f ms</td><td>%.2f ms</td></tr>%n",
                    Html.escape(s.modelId()), s.exit(), s.cut(), s.requests(), s.meanEdgeMs(), s.lastEdgeMs());
        }
        out.println("</tbody></table>");
    }
}
