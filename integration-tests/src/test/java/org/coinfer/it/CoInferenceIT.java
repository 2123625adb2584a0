package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.Outcome;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.model.Segments;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A real round trip: this framework is the device, the edge is the exported edge container
 * in its own JVM, and they talk over TCP on loopback. Every plan, whatever its cut, must
 * answer what the whole model answers when run locally in one piece.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoInferenceIT {
    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    @Test
    public void everyPlanAnswersWhatTheWholeModelAnswers() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("coinference")) {
            Coinfer.connectTo(bc, edge);
            CoInference ci = Coinfer.service(bc, CoInference.class);
            LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
            Tensor input = Coinfer.input(model.description().input(), 2018);
            Tensor expected = Coinfer.reference(Coinfer.service(bc, InferenceBackend.class), model, input);

            Outcome first = Coinfer.awaitProfiled(ci, input, edge);
            Coinfer.assertClose("first request", expected, first.output());

            for (String name : Coinfer.STRATEGIES) {
                Outcome o = ci.infer(null, input, Coinfer.RELAXED, name);
                assertEquals("strategy that planned the request", name, o.plan().strategy());
                Coinfer.assertClose(name + " (cut " + o.plan().cut() + ")", expected, o.output());
                switch (name) {
                    case "device-only" -> {
                        assertTrue("device-only runs the whole path on the device", o.plan().deviceOnly(model.description()));
                        assertEquals("device-only network time", 0.0, o.networkMs(), 0.0);
                        assertEquals("device-only edge time", 0.0, o.edgeMs(), 0.0);
                    }
                    case "edge-only" -> {
                        assertEquals("edge-only cut", 0, o.plan().cut());
                        assertTrue("edge-only edge time " + o.edgeMs(), o.edgeMs() > 0);
                        assertTrue("edge-only network time " + o.networkMs(), o.networkMs() > 0);
                    }
                    default -> {
                        Exit exit = model.description().finalExit();
                        assertEquals("neurosurgeon keeps the final exit", exit.number(), o.plan().exit());
                        assertTrue("neurosurgeon cut " + o.plan().cut(), o.plan().cut() >= 0 && o.plan().cut() <= exit.layers());
                    }
                }
            }

            // Every split in between, forced by strategies this test registers itself.
            Exit exit = model.description().finalExit();
            List<ServiceRegistration<PartitionStrategy>> splits = new ArrayList<>();
            try {
                for (int cut = 1; cut < exit.layers(); cut++) {
                    splits.add(register(new FixedCut("it-split-" + cut, exit.number(), cut)));
                }
                for (int cut = 1; cut < exit.layers(); cut++) {
                    Outcome o = ci.infer(null, input, Coinfer.RELAXED, "it-split-" + cut);
                    assertEquals("it-split-" + cut, o.plan().strategy());
                    assertEquals(cut, o.plan().cut());
                    Coinfer.assertClose("split at cut " + cut, expected, o.output());
                    assertTrue("split at cut " + cut + ": edge time " + o.edgeMs(), o.edgeMs() > 0);
                }
            } finally {
                splits.forEach(ServiceRegistration::unregister);
            }

            // The link as the requests measured it, and what edgent would choose on it without running.
            LinkEstimate link = ci.link();
            assertTrue("link " + link, link.conditions().uplinkBps() > 0 && link.ageMs() >= 0 && link.probeShare() >= 0);
            Plan early = ci.plan(ci.context(null, new LatencyRequirement(1e-3)), "edgent");
            assertFalse("nothing meets 1 us", early.meetsRequirement());
            Plan relaxed = ci.plan(ci.context(null, Coinfer.RELAXED), "edgent");
            assertEquals("a relaxed requirement gets the final exit", exit.number(), relaxed.exit());
            assertTrue(relaxed.meetsRequirement());
        }
    }

    @Test
    public void withTheEdgeKilledRequestsCompleteOnTheDeviceAloneAndANewEdgeIsUsedAgain() throws Exception {
        CoInference ci = Coinfer.service(bc, CoInference.class);
        LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
        Tensor input = Coinfer.input(model.description().input(), 11);
        Tensor expected = Coinfer.reference(Coinfer.service(bc, InferenceBackend.class), model, input);
        int port;
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("killed")) {
            port = edge.port();
            Coinfer.connectTo(bc, edge);
            Coinfer.awaitProfiled(ci, input, edge);
            assertFalse("with the edge up, edge-only runs on the edge", ci.infer(null, input, Coinfer.RELAXED, "edge-only").fellBack());
            edge.close();
            for (int i = 0; i < 5; i++) {
                Outcome o = ci.infer(null, input, Coinfer.RELAXED, "edge-only");
                assertTrue("request " + i + " after the edge died fell back", o.fellBack());
                assertTrue(o.fallback(), o.plan().deviceOnly(model.description()));
                // A relaxed requirement leaves time for the final exit: the whole model's answer.
                Coinfer.assertClose("device alone, request " + i + " (" + o.fallback() + ")", expected, o.output());
            }
        }
        // The edge comes back where the device expects it; neither container is restarted.
        try (Coinfer.ContainerProcess again = Coinfer.ContainerProcess.start("again", port)) {
            long listening = System.nanoTime();
            Coinfer.await("co-inference with the edge back", Duration.ofSeconds(30), () -> {
                try {
                    return !ci.infer(null, input, Coinfer.RELAXED, "edge-only").fellBack();
                } catch (Exception e) {
                    return false;
                }
            });
            double resumedS = (System.nanoTime() - listening) / 1e9;
            // Printed, not asserted: a shared machine's timing is no test (target: within 2 s, by the 1 s retry).
            System.out.printf("co-inference resumed %.2f s after the edge listened again%n", resumedS);
            Outcome o = ci.infer(null, input, Coinfer.RELAXED, "edge-only");
            assertEquals(0, o.plan().cut());
            Coinfer.assertClose("edge-only on the edge back", expected, o.output());
        }
        // An edge that accepts connections and never answers: no request waits for its 30 s read timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Transport transport = Coinfer.service(bc, Transport.class);
            Coinfer.configure(Coinfer.service(bc, ConfigurationAdmin.class), Coinfer.TRANSPORT_CLIENT_PID,
                    Coinfer.transport("device", "host", "127.0.0.1", "port", silent.getLocalPort()));
            String want = "127.0.0.1:" + silent.getLocalPort();
            Coinfer.await("the transport pointed at a silent server", Duration.ofSeconds(10), () -> want.equals(transport.remote()));
            Outcome o = ci.infer(null, input, new LatencyRequirement(200), "edge-only");
            assertTrue("a stalled edge falls back", o.fellBack());
            System.out.printf("with a silent edge, a request of 200 ms took %.0f ms: %s%n", o.totalMs(), o.fallback());
            assertTrue(o.fallback() + " after " + o.totalMs() + " ms", o.fallback().contains("no answer within the requirement"));
            // The stall used up the requirement, so the quickest exit ran; its answer is its own path's.
            int exit = o.plan().exit();
            Tensor own = Segments.run(Coinfer.service(bc, InferenceBackend.class), model,
                    new SegmentKey(model.description().id(), exit, 0, model.description().exit(exit).layers()), input);
            Coinfer.assertClose("device alone after a stall, exit " + exit, own, o.output());
        }
    }

    @Test
    public void aModelTheEdgeDoesNotServeRunsOnTheDeviceAloneWithTheEdgesReason() throws Exception {
        ModelCatalog catalog = Coinfer.service(bc, ModelCatalog.class);
        Bundle modelBundle = Coinfer.installed(bc, "coinfer.model.b-alexnet");
        String location = modelBundle.getLocation();
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("mismatch")) {
            Transport transport = Coinfer.connectTo(bc, edge);
            // Without its model bundle the device falls back to the built-in CNN, which the edge lacks.
            modelBundle.uninstall();
            Coinfer.await("the device serves the built-in CNN", Coinfer.SERVICE_WAIT,
                    () -> catalog.defaultModel().id().equals(LoadedModel.DEMO_ID));
            CoInference ci = Coinfer.service(bc, CoInference.class);
            Tensor input = Coinfer.input(catalog.defaultModel().description().input(), 7);
            String expected = "the edge at " + transport.remote() + " refused model " + LoadedModel.DEMO_ID
                    + ": unknown model '" + LoadedModel.DEMO_ID + "'; this container has [b-alexnet]";
            // First "being profiled", then the edge's answer (and, from the default predictor, why
            // its regression cannot stand in: this framework does not say it is the device). Each
            // request meanwhile runs on the device alone and says why.
            long deadline = System.nanoTime() + Coinfer.PROFILE_WAIT.toNanos();
            String last = fallback(ci, input);
            while (!last.contains(expected) && System.nanoTime() < deadline) {
                Coinfer.sleep(100);
                last = fallback(ci, input);
            }
            assertTrue(last, last.startsWith("no latency prediction for this model yet: " + expected
                    + "; and the per-layer regression cannot answer yet: "));
        } finally {
            bc.installBundle(location).start();
        }
    }

    /** Why a device-only request on the model ran on the device alone; it must have. */
    private static String fallback(CoInference ci, Tensor input) throws Exception {
        Outcome o = ci.infer(null, input, Coinfer.RELAXED, "device-only");
        assertTrue("a model the edge lacks is never planned with the edge", o.fellBack());
        return o.fallback();
    }

    private ServiceRegistration<PartitionStrategy> register(PartitionStrategy s) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PartitionStrategy.NAME, s.name());
        return bc.registerService(PartitionStrategy.class, s, props);
    }

    /** A strategy that always splits one exit's path at one cut. */
    private record FixedCut(String name, int exit, int cut) implements PartitionStrategy {
        @Override
        public Plan plan(PlanningContext context) {
            return context.plan(name, exit, cut);
        }
    }
}
