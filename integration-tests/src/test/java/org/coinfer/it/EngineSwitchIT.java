package org.coinfer.it;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceBackend;
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
 * The inference engine is switched by configuration in both running containers while requests
 * flow: the device through ConfigurationAdmin (as the Web Console does), the edge through a .cfg
 * file in its load/ folder. Every engine answers requests in turn, none fails, and every answer
 * is the whole model's on ONNX Runtime within 1e-4.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineSwitchIT {
    static final String PID = "org.coinfer.backend";
    private static final List<String> ENGINES = List.of("tensorflow", "djl", "onnxruntime", "djl", "tensorflow", "onnxruntime");
    private static final List<String> STRATEGIES = List.of("device-only", "edge-only", "edgent");

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    @Test
    public void switchingEnginesUnderLoadFailsNoRequest() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("engine-switch")) {
            Coinfer.connectTo(bc, edge);
            CoInference ci = Coinfer.service(bc, CoInference.class);
            LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
            Tensor input = Coinfer.input(model.description().input(), 5);
            InferenceBackend ort = Coinfer.service(bc, InferenceBackend.class, "(" + InferenceBackend.ENGINE + "=onnxruntime)");
            Tensor expected = Coinfer.reference(ort, model, input);
            InferenceBackend active = Coinfer.service(bc, InferenceBackend.class, "(coinfer.backend.active=true)");
            Coinfer.awaitProfiled(ci, input, edge);
            ConfigurationAdmin admin = Coinfer.service(bc, ConfigurationAdmin.class);
            try (RequestLoad load = new RequestLoad("the engines switched " + ENGINES.size() + " times", ci, input, expected, STRATEGIES)) {
                for (int i = 0; i < ENGINES.size(); i++) {
                    String engine = ENGINES.get(i);
                    long edgeSwitches = edge.logLines("inference engine: " + engine);
                    Coinfer.configure(admin, PID, Map.of("engine", engine));
                    edge.configure(PID, Map.of("engine", engine));
                    Coinfer.await("the device on " + engine, Coinfer.SERVICE_WAIT, () -> active.engine().equals(engine));
                    Coinfer.await("the edge on " + engine, Coinfer.SERVICE_WAIT, () -> logLines(edge, engine) > edgeSwitches);
                    load.awaitMore("on " + engine, 30);
                }
            }
            assertEquals("onnxruntime", active.engine());
        }
    }

    private static long logLines(Coinfer.ContainerProcess edge, String engine) {
        try {
            return edge.logLines("inference engine: " + engine);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
