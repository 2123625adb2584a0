package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
 * A strategy bundle installed into the running device is used by the next request that names
 * it; once it is uninstalled, requests fall back cleanly.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrategyHotDeployIT {
    private static final String NEUROSURGEON = "neurosurgeon";
    private static final String BUNDLE = "coinfer.strategy.neurosurgeon";

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.deviceWithout(BUNDLE);
    }

    @Test
    public void neurosurgeonComesAndGoesWhileTheDeviceRuns() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("hotdeploy")) {
            Coinfer.configure(Coinfer.service(bc, ConfigurationAdmin.class), Coinfer.DEVICE_RUNTIME_PID,
                    Map.of("strategy", NEUROSURGEON));
            Coinfer.connectTo(bc, edge);
            CoInference ci = Coinfer.service(bc, CoInference.class);
            LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
            Tensor input = Coinfer.input(model.description().input(), 7);
            Tensor expected = Coinfer.reference(Coinfer.service(bc, InferenceBackend.class), model, input);
            Coinfer.awaitProfiled(ci, input, edge);

            // Neither the requested nor the configured strategy is installed: the device answers alone.
            Outcome before = ci.infer(null, input, Coinfer.RELAXED, NEUROSURGEON);
            assertEquals(Coinfer.FALLBACK, before.plan().strategy());
            Coinfer.assertClose("before install", expected, before.output());

            Bundle bundle = bc.installBundle(Coinfer.bundleUrl(BUNDLE));
            try {
                bundle.start();
                Coinfer.await("the device runtime sees the neurosurgeon strategy", Coinfer.SERVICE_WAIT,
                        () -> ci.strategies().contains(NEUROSURGEON));
                Outcome installed = ci.infer(null, input, Coinfer.RELAXED, NEUROSURGEON);
                assertEquals(NEUROSURGEON, installed.plan().strategy());
                Coinfer.assertClose("with neurosurgeon installed (cut " + installed.plan().cut() + ")", expected, installed.output());
            } finally {
                bundle.uninstall();
            }
            Coinfer.await("the device runtime drops the neurosurgeon strategy", Coinfer.SERVICE_WAIT,
                    () -> !ci.strategies().contains(NEUROSURGEON));
            assertFalse(ci.strategies().contains(NEUROSURGEON));

            Outcome after = ci.infer(null, input, Coinfer.RELAXED, NEUROSURGEON);
            assertEquals(Coinfer.FALLBACK, after.plan().strategy());
            Coinfer.assertClose("after uninstall", expected, after.output());

            underLoad(ci, input, expected);
        }
    }

    /** Requests keep flowing while the strategy bundle is installed, updated and uninstalled: none fails or answers wrongly. */
    private void underLoad(CoInference ci, Tensor input, Tensor expected) throws Exception {
        try (RequestLoad load = new RequestLoad("the strategy came and went", ci, input, expected, List.of(NEUROSURGEON))) {
            for (int i = 0; i < 5; i++) {
                Bundle bundle = bc.installBundle(Coinfer.bundleUrl(BUNDLE));
                bundle.start();
                Coinfer.await("neurosurgeon back, cycle " + i, Coinfer.SERVICE_WAIT, () -> ci.strategies().contains(NEUROSURGEON));
                Coinfer.sleep(200);
                bundle.update();
                Coinfer.sleep(200);
                bundle.uninstall();
                Coinfer.await("neurosurgeon gone, cycle " + i, Coinfer.SERVICE_WAIT, () -> !ci.strategies().contains(NEUROSURGEON));
            }
        }
    }
}
