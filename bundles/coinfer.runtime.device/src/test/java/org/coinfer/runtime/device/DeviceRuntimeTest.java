package org.coinfer.runtime.device;

import org.coinfer.model.ProfilerConfig;
import org.coinfer.testing.ComponentConfigs;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.Outcome;
import org.coinfer.api.RequestRecord;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Segments;
import org.coinfer.onnx.DemoModels;
import org.coinfer.runtime.edge.EdgeRuntime;
import org.junit.BeforeClass;
import org.junit.Test;

public class DeviceRuntimeTest {
    private static final String ID = "demo";
    private static final String CONFIGURED = "configured";
    private static final LatencyRequirement DEADLINE = new LatencyRequirement(100);

    private static LoadedModel model;
    private static EdgeRuntime edge;
    private static OrtBackend deviceBackend;

    private final FakeLink link = new FakeLink(edge, 8e6, 2_000_000);
    private DeviceRuntime device = runtime(ID);

    @BeforeClass
    public static void startEdge() throws InferenceException {
        model = LoadedModel.of(ID, DemoModels.multiExitCnn(21), "test", List.of());
        edge = new EdgeRuntime(() -> List.of(model), backend(),
                ComponentConfigs.of(ProfilerConfig.class, Map.of("warmup", 0, "rounds", 1, "roundMs", 0.0)));
        // The edge profiles in the background on its backend; requests come after, as on a real edge.
        edge.profile(ID);
        deviceBackend = backend();
    }

    private static OrtBackend backend() {
        return new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
    }

    private DeviceRuntime runtime(String coveredId) {
        return new DeviceRuntime(() -> List.of(model), deviceBackend, link, new Fakes.Predictor(coveredId),
                ComponentConfigs.of(DeviceRuntime.Config.class, Map.of("strategy", CONFIGURED, "staleMs", 3_600_000L)));
    }

    private static Tensor input() {
        float[] v = new float[28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 5) % 23) / 23f;
        }
        return Tensor.ofFloats(new long[] {1, 1, 28, 28}, v);
    }

    private Outcome run(int exit, int cut) throws Exception {
        device.addStrategy(new Fakes.Fixed("fixed", exit, cut));
        return device.infer(ID, input(), DEADLINE, "fixed");
    }

    private static void assertWholePathOutput(int exit, Tensor actual) throws InferenceException {
        Tensor expected = Segments.run(deviceBackend, model,
                new SegmentKey(ID, exit, 0, model.description().exit(exit).layers()), input());
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toFloats(), actual.toFloats(), 1e-5f);
    }

    @Test
    public void deviceOnlyPlansNeverShipARequest() throws Exception {
        for (Exit e : model.description().exits()) {
            Outcome o = run(e.number(), e.layers());
            assertTrue(o.plan().deviceOnly(model.description()));
            assertEquals(0, o.networkMs(), 0);
            assertEquals(0, o.edgeMs(), 0);
            assertWholePathOutput(e.number(), o.output());
        }
        assertEquals(List.of(), link.requests);
    }

    @Test
    public void edgeOnlyShipsTheInputAtCutZero() throws Exception {
        Outcome o = run(4, 0);
        assertEquals(1, link.requests.size());
        InferenceRequest r = link.requests.get(0);
        assertEquals(ID, r.modelId());
        assertEquals(4, r.exit());
        assertEquals(0, r.cut());
        assertEquals(input(), r.tensor());
        assertWholePathOutput(4, o.output());
        assertEquals(FakeLink.EDGE_NANOS / 1e6, o.edgeMs(), 1e-9);
    }

    @Test
    public void splitPlansGiveTheWholePathsOutput() throws Exception {
        for (int exit : new int[] {2, 5}) {
            for (int cut = 1; cut < model.description().exit(exit).layers(); cut++) {
                Outcome o = run(exit, cut);
                InferenceRequest r = link.requests.get(link.requests.size() - 1);
                assertEquals(cut, r.cut());
                assertEquals(model.description().exit(exit).cut(cut).bytes(), r.tensor().byteSize());
                assertWholePathOutput(exit, o.output());
            }
        }
    }

    @Test
    public void nullModelMeansTheDefaultOne() throws Exception {
        device.addStrategy(new Fakes.Fixed(CONFIGURED, 1, 1));
        Outcome o = device.infer(null, input(), DEADLINE, null);
        assertEquals(CONFIGURED, o.plan().strategy());
        assertWholePathOutput(1, o.output());
    }

    @Test
    public void anUninstalledStrategyFallsBackToTheConfiguredOne() throws Exception {
        device.addStrategy(new Fakes.Fixed(CONFIGURED, 2, 0));
        Outcome o = device.infer(ID, input(), DEADLINE, "absent");
        assertEquals(CONFIGURED, o.plan().strategy());
        assertEquals(2, o.plan().exit());
    }

    @Test
    public void withNoStrategyTheFinalExitRunsOnTheDevice() throws Exception {
        assertEquals(List.of(), device.strategies());
        Outcome o = device.infer(ID, input(), DEADLINE, "absent");
        assertEquals(DeviceRuntime.FALLBACK, o.plan().strategy());
        assertEquals(5, o.plan().exit());
        assertTrue(o.plan().deviceOnly(model.description()));
        assertEquals(List.of(), link.requests);
        assertWholePathOutput(5, o.output());
    }

    @Test
    public void aRemovedStrategyIsNotUsedByTheNextRequest() throws Exception {
        Fakes.Fixed edgeOnly = new Fakes.Fixed("edge-only", 5, 0);
        device.addStrategy(edgeOnly);
        device.addStrategy(new Fakes.Fixed(CONFIGURED, 1, 1));
        assertEquals(List.of(CONFIGURED, "edge-only"), device.strategies());
        assertEquals("edge-only", device.infer(ID, input(), DEADLINE, "edge-only").plan().strategy());
        device.removeStrategy(edgeOnly);
        assertEquals(List.of(CONFIGURED), device.strategies());
        assertEquals(CONFIGURED, device.infer(ID, input(), DEADLINE, "edge-only").plan().strategy());
    }

    @Test
    public void anImpossiblePlanNamesTheStrategy() {
        int n = model.description().exit(3).layers();
        device.addStrategy(new Fakes.Fixed("broken", 3, n + 1));
        InferenceException e = assertThrows(InferenceException.class, () -> device.infer(ID, input(), DEADLINE, "broken"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("strategy broken chose an impossible plan"));
        device.addStrategy(new Fakes.Fixed("no-such-exit", 9, 0));
        e = assertThrows(InferenceException.class, () -> device.infer(ID, input(), DEADLINE, "no-such-exit"));
        assertTrue(e.getMessage(), e.getMessage().contains("no-such-exit"));
        assertEquals(List.of(), link.requests);
    }

    @Test
    public void aModelThePredictorDoesNotCoverYetRunsWholeOnTheDeviceAndSaysWhy() throws Exception {
        device = runtime("some-other-model");
        Outcome o = device.infer(ID, input(), DEADLINE, null);
        assertTrue(o.fellBack());
        assertEquals("no latency prediction for this model yet: model " + ID + " is not profiled on both device and edge yet",
                o.fallback());
        // The built-in model's exits have no accuracies: ranked by depth, so the most accurate is the deepest.
        assertEquals("nothing to weigh exits by: the most accurate", finalExit().number(), o.plan().exit());
        assertTrue(o.plan().deviceOnly(model.description()));
        assertWholePathOutput(finalExit().number(), o.output());
        assertEquals("the edge is not asked", List.of(), link.requests);
    }

    @Test
    public void anUnknownModelIsAnInferenceError() {
        InferenceException e = assertThrows(InferenceException.class, () -> device.infer("vgg", input(), DEADLINE, null));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown model 'vgg'"));
    }

    @Test
    public void theLinkIsMeasuredBeforeTheFirstPlanAndEveryRequestThatCrossesItUpdatesIt() throws Exception {
        assertNull(device.link());
        Outcome first = run(5, 0);
        assertEquals(8e6, first.network().uplinkBps(), 0.03 * 8e6);
        assertTrue("the first request waited for the measurement: " + first.probeMs(), first.probeMs() > 0);
        assertTrue("and it counts in its latency", first.totalMs() >= first.probeMs());
        link.rate(2e6);
        // The raw input, 3,136 bytes, is enough to follow a step.
        for (int i = 0; i < 3; i++) {
            run(5, 0);
        }
        assertEquals(2e6, device.link().conditions().uplinkBps(), 0.2 * 2e6);
        assertEquals("no probe while requests measure the link", 0, run(5, 0).probeMs(), 0);
    }

    @Test
    public void planningWithoutRunningUsesTheLinkAsLastMeasured() throws Exception {
        device.addStrategy(new Fakes.Fixed("planned", 2, 3));
        InferenceException e = assertThrows(InferenceException.class, () -> device.context(ID, DEADLINE));
        assertTrue(e.getMessage(), e.getMessage().contains("has not been measured yet"));
        run(5, 0);
        int requests = link.requests.size();
        assertEquals(3, device.plan(device.context(ID, DEADLINE), "planned").cut());
        assertEquals(device.link().conditions(), device.context(ID, DEADLINE).network());
        assertEquals("nothing ran", requests, link.requests.size());
    }

    @Test
    public void plansWithThePredictorItsConfigurationNamesAndFallsBackWhenItIsGone() throws Exception {
        run(5, 0); // the link is measured
        Map<String, LatencyPredictor> installed = new java.util.TreeMap<>();
        for (String name : new String[] {"profile", "regression"}) {
            installed.put(name, new Fakes.Predictor(ID));
            device.addPredictor(installed.get(name), Map.of(LatencyPredictor.NAME, name));
        }
        LatencyPredictor configured = device.context(ID, DEADLINE).predictor(); // the default, "hybrid"
        assertEquals(List.of("hybrid", "profile", "regression"), device.predictors());
        for (String name : installed.keySet()) {
            device.modified(ComponentConfigs.of(DeviceRuntime.Config.class, Map.of("predictor", name)));
            assertSame(name, installed.get(name), device.context(ID, DEADLINE).predictor());
        }
        device.removePredictor(installed.get("regression"), Map.of(LatencyPredictor.NAME, "regression"));
        assertSame("the first installed by name stands in", configured, device.context(ID, DEADLINE).predictor());
    }

    @Test
    public void theShellPlansWithEveryStrategyForTheLinkAsMeasured() throws Exception {
        device.addStrategy(new Fakes.Fixed("early", 1, 1));
        device.addStrategy(new Fakes.Fixed("late", 5, 0));
        DeviceCommands shell = new DeviceCommands(device, () -> List.of(model), new Fakes.Predictor(ID),
                ComponentConfigs.of(DeviceRuntime.Config.class, Map.of("deadlineMs", 25.0)));
        InferenceException e = assertThrows(InferenceException.class, shell::plan);
        assertTrue(e.getMessage(), e.getMessage().contains("has not been measured yet"));
        assertTrue(shell.status(), shell.status().contains("link not measured yet"));
        run(5, 0);
        String all = shell.plan();
        assertTrue(all, all.startsWith("model demo, requirement 25 ms, uplink 8.000 Mbit/s"));
        for (String row : new String[] {"early +1 +1 ", "fixed +5 +0 ", "late +5 +0 "}) {
            assertTrue(row + " in\n" + all, all.lines().anyMatch(l -> l.matches(row + ".*")));
        }
        assertTrue("a number is a requirement", shell.plan("7.5").startsWith("model demo, requirement 7.5 ms"));
        String one = shell.plan("early");
        assertEquals(one, 3, one.lines().count());
        assertTrue(shell.plan("late", 3).contains("requirement 3 ms"));
        InferenceException unknown = assertThrows(InferenceException.class, () -> shell.plan("oracle"));
        assertEquals("no strategy 'oracle' is installed; installed: [early, fixed, late]", unknown.getMessage());
        String status = shell.status();
        assertTrue(status, status.matches("(?s).*link 8\\.0\\d\\d Mbit/s up \\(spread \\d+%\\), .* probes took .*"));
    }

    @Test
    public void theShellShowsTheLastRequestsNewestFirstAndEachPartOfTheStatus() throws Exception {
        DeviceCommands shell = new DeviceCommands(device, () -> List.of(model), new Fakes.Predictor(ID),
                ComponentConfigs.of(DeviceRuntime.Config.class, Map.of("deadlineMs", 25.0)));
        assertEquals("no request answered yet", shell.requests());
        run(5, 0);
        run(2, 1);
        link.down = true;
        run(5, 0); // falls back: the edge is down
        List<RequestRecord> last = device.recent(2);
        assertEquals(2, last.size());
        assertTrue("newest first", last.get(0).outcome().fellBack() && !last.get(1).outcome().fellBack());
        assertEquals(2, last.get(1).outcome().plan().exit());
        assertEquals(ID, last.get(0).modelId());
        assertEquals("fixed", last.get(0).requested());
        String table = shell.requests(5);
        assertEquals(table, 4, table.lines().count()); // a header and the three requests
        assertTrue(table, table.lines().skip(1).findFirst().orElseThrow().contains("(fell back: the edge failed during the request: cannot connect"));
        assertEquals("newest first", 1, shell.requests(1).lines().skip(1).count());
        assertTrue(shell.strategies(), shell.strategies().startsWith("strategies [fixed], configured edgent"));
        assertTrue(shell.models(), shell.models().contains("model " + ID));
        assertTrue(shell.link(), shell.link().startsWith("link 8.0"));
        String status = shell.status(); // the three parts; the link's age moves on between calls
        assertTrue(status, status.startsWith(shell.models() + shell.strategies() + "\nlink 8.0"));
    }

    @Test
    public void theHistoryKeepsTheNewestRequestsUpToItsCapacity() {
        RequestHistory h = new RequestHistory(3);
        for (int i = 0; i < 5; i++) {
            h.add(new RequestRecord(i, ID, DEADLINE, null, null));
        }
        assertEquals(List.of(4L, 3L, 2L), h.last(10).stream().map(RequestRecord::epochMs).toList());
        assertEquals(List.of(4L), h.last(1).stream().map(RequestRecord::epochMs).toList());
        assertEquals(List.of(), h.last(0));
    }

    private static Exit finalExit() {
        return model.description().finalExit();
    }

    @Test
    public void anEdgeThatCannotBeReachedLeavesTheRequestToTheDeviceAloneWhichSaysWhy() throws Exception {
        link.down = true;
        Outcome o = run(4, 0);
        assertTrue(o.fellBack());
        assertTrue(o.fallback(), o.fallback().startsWith("the edge cannot be reached: cannot connect to edge in-process"));
        assertEquals(DeviceAlone.STRATEGY, o.plan().strategy());
        assertTrue(o.plan().deviceOnly(model.description()));
        assertEquals("the deepest exit fits 100 ms at 2 ms a layer", finalExit().number(), o.plan().exit());
        assertWholePathOutput(finalExit().number(), o.output());
        assertEquals(List.of(), link.requests);
    }

    @Test
    public void anEdgeFailingDuringTheRequestIsFinishedOnTheDeviceFromThePrefixAlreadyComputed() throws Exception {
        assertTrue(!run(5, 0).fellBack());
        link.down = true;
        int exit = finalExit().number();
        Outcome o = run(exit, 2);
        assertTrue(o.fallback(), o.fallback().startsWith("the edge failed during the request: "));
        assertEquals(exit, o.plan().exit());
        assertWholePathOutput(exit, o.output());
        assertTrue("only the layers after the cut ran again", o.deviceMs() < o.totalMs());
    }

    @Test
    public void afterAFailureTheEdgeIsLeftAloneUntilItsRetryThenUsedAgain() throws Exception {
        device = new DeviceRuntime(() -> List.of(model), deviceBackend, link, new Fakes.Predictor(ID),
                ComponentConfigs.of(DeviceRuntime.Config.class, Map.of("strategy", CONFIGURED, "staleMs", 3_600_000L,
                        "edgeRetryMs", 300L)));
        link.down = true;
        assertTrue(run(4, 0).fellBack());
        int pings = link.pings.get();
        Outcome waiting = run(4, 0);
        assertTrue(waiting.fallback(), waiting.fallback().matches("the edge failed \\d+ ms ago \\(cannot connect .*\\); it is tried again in \\d+ ms"));
        assertEquals("nothing was sent while waiting", pings, link.pings.get());
        link.down = false;
        Thread.sleep(40); // the first wait is a tenth of edgeRetryMs
        Outcome back = run(4, 0);
        assertTrue(back.fallback(), !back.fellBack());
        assertEquals(1, link.requests.size());
        assertWholePathOutput(4, back.output());
    }

    @Test
    public void theDeviceAloneTakesTheDeepestExitThatFitsWhatIsLeftElseTheQuickest() {
        DeviceAlone alone = new DeviceAlone(deviceBackend, model, new Fakes.Predictor(ID), DEADLINE, null, System.nanoTime());
        var desc = model.description();
        for (Exit e : desc.exits()) {
            // 2 ms a layer on the device: exactly the time this exit needs fits, a little less does not.
            double need = 2.0 * e.layers();
            assertTrue(alone.choose(desc, null, need).number() >= e.number());
        }
        Exit quickest = desc.exits().stream().min(java.util.Comparator.comparingInt(Exit::layers)).orElseThrow();
        assertEquals(quickest.number(), alone.choose(desc, null, 0.1).number());
        // With its first layers done, the final exit needs less than its whole path.
        Exit last = finalExit();
        DeviceAlone.Partial done = new DeviceAlone.Partial(last.number(), last.layers() - 1, null);
        assertEquals(last.number(), alone.choose(desc, done, 2.0).number());
    }

    @Test
    public void aStalledEdgeIsWaitedForNoLongerThanTheRequirementPlusTheMargin() throws Exception {
        device = new DeviceRuntime(() -> List.of(model), deviceBackend, link, new Fakes.Predictor(ID),
                ComponentConfigs.of(DeviceRuntime.Config.class, Map.of("strategy", CONFIGURED, "staleMs", 3_600_000L,
                        "networkMarginMs", 20L)));
        assertTrue(!run(5, 0).fellBack());
        link.stalled = true;
        device.addStrategy(new Fakes.Fixed("fixed", 4, 0));
        Outcome o = device.infer(ID, input(), new LatencyRequirement(30), "fixed");
        assertEquals("no answer within the requirement (30.0 ms) plus the margin (20 ms)",
                o.fallback().replace("the edge failed during the request: ", ""));
        assertTrue("it gave up long before the stall ended: " + o.totalMs() + " ms", o.totalMs() < 10_000);
        // The edge call was interrupted, which drops a real connection and frees the transport.
        for (long until = System.nanoTime() + 5_000_000_000L; !link.interrupted && System.nanoTime() < until; ) {
            Thread.sleep(10);
        }
        assertTrue("the stalled call was interrupted", link.interrupted);
        assertWholePathOutput(o.plan().exit(), o.output());
        device.deactivate();
    }

    @Test
    public void measuringAStalledEdgeIsBoundedToo() throws Exception {
        device = new DeviceRuntime(() -> List.of(model), deviceBackend, link, new Fakes.Predictor(ID),
                ComponentConfigs.of(DeviceRuntime.Config.class, Map.of("strategy", CONFIGURED, "networkMarginMs", 20L)));
        link.stalled = true;
        device.addStrategy(new Fakes.Fixed("fixed", 4, 0));
        Outcome o = device.infer(ID, input(), new LatencyRequirement(30), "fixed");
        assertEquals("the edge cannot be reached: no answer within the requirement (30.0 ms) plus the margin (20 ms)", o.fallback());
        assertTrue("it gave up long before the stall ended: " + o.totalMs() + " ms", o.totalMs() < 10_000);
        assertWholePathOutput(o.plan().exit(), o.output());
        device.deactivate();
    }
}
