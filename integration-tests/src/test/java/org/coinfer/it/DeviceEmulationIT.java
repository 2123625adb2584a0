package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import java.util.Optional;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.SegmentKey;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The device emulation bundle is inactive until configured; configured, it registers a backend
 * above the real one that makes every computation the configured factor slower, and the
 * device's components move to it: the predictor profiles the device again on it, and the
 * device runtime keeps running (its service is not replaced, so neither is its link estimate).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceEmulationIT {
    private static final String PROFILE = "(" + LatencyPredictor.NAME + "=profile)";
    static final String PID = "org.coinfer.device.emulation";
    static final String EMULATED = "(coinfer.emulated=true)";

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        // No edge: the predictor profiles the device and keeps asking for the edge's profile.
        return Coinfer.device();
    }

    @Test
    public void configuredItMakesEveryComputationSlowerAndOutranksTheRealBackend() throws Exception {
        assertNull("inactive without its configuration", bc.getServiceReferences(InferenceBackend.class, EMULATED).stream()
                .findFirst().orElse(null));
        InferenceBackend real = Coinfer.service(bc, InferenceBackend.class, "(!" + EMULATED + ")");
        LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
        Coinfer.service(bc, CoInference.class);
        Object runtimeId = bc.getServiceReference(CoInference.class).getProperty(Constants.SERVICE_ID);
        Coinfer.service(bc, LatencyPredictor.class, PROFILE).uncoveredReason(model.description()); // starts profiling
        double unslowed = finalExitOnTheDevice(model, 0);
        Coinfer.configure(Coinfer.service(bc, ConfigurationAdmin.class), PID, Map.of("slowdown", 4.0));
        InferenceBackend slowed = Coinfer.service(bc, InferenceBackend.class, EMULATED);
        ServiceReference<InferenceBackend> best = bc.getServiceReference(InferenceBackend.class);
        assertEquals("the highest-ranked backend is the emulation", "true", String.valueOf(best.getProperty("coinfer.emulated")));
        assertEquals("the engine names the emulation: times measured on it hold for it alone",
                real.engine() + ", every computation stretched 4.0x", slowed.engine());

        Exit exit = model.description().finalExit();
        SegmentKey key = new SegmentKey("it-emulation", exit.number(), 0, exit.layers());
        real.load(key, model.segment(new SegmentKey(model.id(), exit.number(), 0, exit.layers())));
        Tensor input = Coinfer.input(model.description().input(), 7);
        try {
            double realMs = median(real, key, input);
            double slowedMs = median(slowed, key, input);
            // 4x configured; half of that leaves room for a noisy machine and still fails an inactive emulation.
            assertTrue("emulated " + slowedMs + " ms against real " + realMs + " ms", slowedMs >= 2 * realMs);
            Coinfer.assertClose("same result", real.infer(key, input), slowed.infer(key, input));
        } finally {
            real.unload(key);
        }
        // The predictor, reactivated on the better-ranked backend, profiles the device again.
        double profiled = finalExitOnTheDevice(model, 2 * unslowed);
        assertTrue("device profile of the final exit: " + profiled + " ms emulated, " + unslowed + " ms before", profiled >= 2 * unslowed);
        assertEquals("the device runtime was not replaced", runtimeId,
                bc.getServiceReference(CoInference.class).getProperty(Constants.SERVICE_ID));
    }

    /** The device profile's time for the final exit run whole, once the predictor has one of at least {@code atLeastMs}. */
    private double finalExitOnTheDevice(LoadedModel model, double atLeastMs) {
        double[] found = {0};
        Coinfer.await("a device profile of the final exit of at least " + atLeastMs + " ms", Coinfer.PROFILE_WAIT, () -> {
            Optional<HostProfile> p = Coinfer.service(bc, LatencyPredictor.class, PROFILE).profile(Host.DEVICE, model.id());
            if (p.isEmpty()) {
                return false;
            }
            List<Double> path = p.get().pathMs().get(model.description().exits().size() - 1);
            found[0] = path.get(path.size() - 1);
            return found[0] >= atLeastMs;
        });
        return found[0];
    }

    private static double median(InferenceBackend backend, SegmentKey key, Tensor input) throws Exception {
        double[] ms = new double[9];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            backend.infer(key, input);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
