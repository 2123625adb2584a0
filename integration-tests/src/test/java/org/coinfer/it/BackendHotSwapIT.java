package org.coinfer.it;

import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceBackend;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The device's backend changes while requests flow: the device emulation (an InferenceBackend
 * ranked above ONNX Runtime) is configured in, its bundle updated, configured out, its bundle
 * uninstalled and installed again, five times over. No request fails, every answer is the whole model's, and
 * co-inference resumes once the device is profiled on the backend it ends with.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackendHotSwapIT {
    private static final String EMULATION = "coinfer.device.emulation";
    private static final List<String> STRATEGIES = List.of("device-only", "edge-only", "edgent");

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    @Test
    public void theBackendComesAndGoesUnderLoadAndNoRequestFails() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("backend-swap")) {
            Coinfer.connectTo(bc, edge);
            CoInference ci = Coinfer.service(bc, CoInference.class);
            LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
            Tensor input = Coinfer.input(model.description().input(), 9);
            InferenceBackend real = Coinfer.service(bc, InferenceBackend.class, "(!" + DeviceEmulationIT.EMULATED + ")");
            Tensor expected = Coinfer.reference(real, model, input);
            Coinfer.awaitProfiled(ci, input, edge);
            Bundle emulation = bundle(EMULATION);
            ConfigurationAdmin admin = Coinfer.service(bc, ConfigurationAdmin.class);

            try (RequestLoad load = new RequestLoad("the backend swapped 20 times", ci, input, expected, STRATEGIES)) {
                for (int cycle = 0; cycle < 5; cycle++) {
                    Coinfer.configure(admin, DeviceEmulationIT.PID, Map.of("slowdown", 2.0));
                    Coinfer.await("the emulation registered, cycle " + cycle, Coinfer.SERVICE_WAIT, () -> emulated());
                    Coinfer.sleep(300);
                    emulation.update();
                    Coinfer.await("the emulation back after its update, cycle " + cycle, Coinfer.SERVICE_WAIT, () -> emulated());
                    Coinfer.sleep(300);
                    admin.getConfiguration(DeviceEmulationIT.PID, "?").delete();
                    Coinfer.await("the emulation gone, cycle " + cycle, Coinfer.SERVICE_WAIT, () -> !emulated());
                    Coinfer.sleep(300);
                    String location = emulation.getLocation();
                    emulation.uninstall();
                    Coinfer.sleep(300);
                    emulation = bc.installBundle(location);
                    emulation.start();
                    Coinfer.sleep(300);
                }
            }
            // Each change of backend has the device profiled again (its times changed); meanwhile
            // requests ran on the device alone. Once profiled, co-inference is back.
            Coinfer.awaitProfiled(ci, input, edge);
            Outcome o = ci.infer(null, input, Coinfer.RELAXED, "edge-only");
            assertTrue("served by the edge again: " + o.fallback(), !o.fellBack());
            Coinfer.assertClose("edge-only after the swaps", expected, o.output());
        }
    }

    private boolean emulated() {
        try {
            return !bc.getServiceReferences(InferenceBackend.class, DeviceEmulationIT.EMULATED).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bc.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
