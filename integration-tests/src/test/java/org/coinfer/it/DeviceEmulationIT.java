package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.coinfer.api.Exit;
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
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The device emulation bundle is inactive until configured; configured, it registers a backend
 * above the real one that makes every computation the configured factor slower, and the
 * device's components move to it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceEmulationIT {
    static final String PID = "org.coinfer.device.emulation";
    static final String EMULATED = "(coinfer.emulated=true)";

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.container(List.of("coinfer.api", "coinfer.onnx", "coinfer.model", "coinfer.model.b-alexnet",
                "coinfer.backend.onnxruntime", "coinfer.device.emulation"));
    }

    @Test
    public void configuredItMakesEveryComputationSlowerAndOutranksTheRealBackend() throws Exception {
        assertNull("inactive without its configuration", bc.getServiceReferences(InferenceBackend.class, EMULATED).stream()
                .findFirst().orElse(null));
        InferenceBackend real = Coinfer.service(bc, InferenceBackend.class, "(!" + EMULATED + ")");
        Coinfer.configure(Coinfer.service(bc, ConfigurationAdmin.class), PID, Map.of("slowdown", 4.0));
        InferenceBackend slowed = Coinfer.service(bc, InferenceBackend.class, EMULATED);
        ServiceReference<InferenceBackend> best = bc.getServiceReference(InferenceBackend.class);
        assertEquals("the highest-ranked backend is the emulation", "true", String.valueOf(best.getProperty("coinfer.emulated")));
        assertEquals(real.engine(), slowed.engine());

        LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
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
