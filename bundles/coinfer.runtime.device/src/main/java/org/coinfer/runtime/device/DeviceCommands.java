package org.coinfer.runtime.device;

import java.util.Locale;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Outcome;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands for operators at the device's console: {@code coinfer:status} shows
 * models, strategies and the link; {@code coinfer:infer} runs one request and shows its plan.
 */
@Component(service = DeviceCommands.class, property = {"osgi.command.scope=coinfer",
        "osgi.command.function=status", "osgi.command.function=infer"})
public final class DeviceCommands {
    private final CoInference coinference;
    private final ModelCatalog catalog;
    private final LatencyPredictor predictor;

    @Activate
    public DeviceCommands(@Reference CoInference coinference, @Reference ModelCatalog catalog, @Reference LatencyPredictor predictor) {
        this.coinference = coinference;
        this.catalog = catalog;
        this.predictor = predictor;
    }

    public String status() {
        StringBuilder sb = new StringBuilder();
        for (LoadedModel m : catalog.models()) {
            String uncovered = predictor.uncoveredReason(m.description());
            sb.append(String.format(Locale.ROOT, "model %s (%s), %s%n", m.id(), m.description().contentHash().substring(0, 12),
                    uncovered.isEmpty() ? "profiled on device and edge" : uncovered));
            for (Exit e : m.description().exits()) {
                sb.append(String.format(Locale.ROOT, "  exit %d %-10s accuracy %s, %d cuts%n", e.number(), e.output(),
                        Double.isNaN(e.accuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", e.accuracy()), e.cuts().size()));
            }
        }
        sb.append("strategies ").append(coinference.strategies()).append('\n');
        NetworkConditions n = coinference.network();
        sb.append(n == null ? "link not measured yet"
                : String.format(Locale.ROOT, "link %.3f Mbit/s up, RTT %.2f ms", n.uplinkBps() / 1e6, n.rttMs()));
        return sb.toString();
    }

    /** One request on a blank input of the default model: {@code coinfer:infer neurosurgeon 100}. */
    public String infer(String strategy, double deadlineMs) throws Exception {
        LoadedModel m = catalog.defaultModel();
        Outcome o = coinference.infer(m.id(), Inputs.zeros(m.description().input()), new LatencyRequirement(deadlineMs), strategy);
        return String.format(Locale.ROOT, "%s: exit %d cut %d, predicted %.1f ms, measured %.1f ms (device %.1f, network %.1f, edge %.1f)%s",
                o.plan().strategy(), o.plan().exit(), o.plan().cut(), o.plan().predicted().totalMs(), o.totalMs(),
                o.deviceMs(), o.networkMs(), o.edgeMs(), o.totalMs() <= deadlineMs ? "" : ", requirement missed");
    }
}
