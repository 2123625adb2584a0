package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.inject.Inject;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.LatencyRequirement;
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
 * The link breaks under the device and the edge container, over mutual TLS: connections reset
 * at random moments while requests flow, then a link that hangs. No request is lost, and every
 * answer is the whole model's.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinkFaultsIT {
    private static final List<String> STRATEGIES = List.of("edge-only", "edgent", "neurosurgeon");

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    @Test
    public void connectionsResetMidRequestAndAHangingLinkLoseNoRequest() throws Exception {
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.start("faults"); FlakyLink link = new FlakyLink(edge.port())) {
            Coinfer.configure(Coinfer.service(bc, ConfigurationAdmin.class), Coinfer.TRANSPORT_CLIENT_PID,
                    Coinfer.transport("device", "host", "127.0.0.1", "port", link.port()));
            CoInference ci = Coinfer.service(bc, CoInference.class);
            LoadedModel model = Coinfer.service(bc, ModelCatalog.class).defaultModel();
            Tensor input = Coinfer.input(model.description().input(), 5);
            Tensor expected = Coinfer.reference(Coinfer.service(bc, InferenceBackend.class), model, input);
            Coinfer.await("the device reaches the edge through the relay", Duration.ofSeconds(10),
                    () -> Coinfer.service(bc, org.coinfer.api.Transport.class).remote().equals("127.0.0.1:" + link.port()));
            Coinfer.awaitProfiled(ci, input, edge);

            // Resets every 0.1-0.4 s while requests run every 10 ms for 10 s: many land mid-exchange,
            // and between them the device reconnects (after its back-off) and is served again.
            Random random = new Random(3);
            Thread dropper = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(100 + random.nextInt(300));
                        link.dropAll();
                    }
                } catch (InterruptedException e) {
                    // done
                }
            }, "it-dropper");
            int served = 0;
            int fellBack = 0;
            List<String> failures = new ArrayList<>();
            dropper.start();
            try {
                long end = System.nanoTime() + 10_000_000_000L;
                for (int i = 0; System.nanoTime() < end; i++) {
                    String strategy = STRATEGIES.get(i % STRATEGIES.size());
                    try {
                        Outcome o = ci.infer(null, input, Coinfer.RELAXED, strategy);
                        Coinfer.assertClose("request " + i + " (" + o.plan() + ", " + o.fallback() + ")", expected, o.output());
                        if (o.fellBack()) {
                            fellBack++;
                        } else {
                            served++;
                        }
                    } catch (Exception e) {
                        failures.add(i + ": " + e);
                    }
                    Thread.sleep(10);
                }
            } finally {
                dropper.interrupt();
                dropper.join(5_000);
            }
            System.out.printf("connections reset %d times under %d requests: %d served by the edge, %d fell back, %d failed%n",
                    link.drops(), served + fellBack + failures.size(), served, fellBack, failures.size());
            assertEquals("failed requests: " + failures, 0, failures.size());
            assertTrue("the resets hit requests in flight", fellBack > 0);
            assertTrue("between resets the edge serves", served > fellBack);

            // A link that hangs: nothing is forwarded, nothing closed. A request of 300 ms does not wait it out.
            Coinfer.await("the edge serves again", Duration.ofSeconds(10), () -> !infer(ci, input, "edge-only").fellBack());
            link.stall(true);
            Outcome stalled;
            try {
                stalled = ci.infer(null, input, new LatencyRequirement(300), "edge-only");
            } finally {
                link.stall(false);
            }
            System.out.printf("with the link hung, a request of 300 ms took %.0f ms: %s%n", stalled.totalMs(), stalled.fallback());
            assertTrue("a hung link falls back", stalled.fellBack());
            Coinfer.await("the edge serves after the hang", Duration.ofSeconds(10), () -> !infer(ci, input, "edge-only").fellBack());
            assertFalse(infer(ci, input, "edge-only").fellBack());
        }
    }

    private static Outcome infer(CoInference ci, Tensor input, String strategy) {
        try {
            return ci.infer(null, input, Coinfer.RELAXED, strategy);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
