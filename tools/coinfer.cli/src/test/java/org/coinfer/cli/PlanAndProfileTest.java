package org.coinfer.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.ModelDescription;
import org.coinfer.model.HostProfiles;
import org.coinfer.model.json.JsonReader;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code coinfer profile} on a small PyTorch-exported 3-exit network, then {@code coinfer plan}
 * with the strategy bundles the build made, as a researcher would use them.
 */
public class PlanAndProfileTest {
    /** Built before this module (test dependencies), as the reactor orders them. */
    static final Path EDGENT = bundle("coinfer.strategy.edgent");
    static final Path BASELINES = bundle("coinfer.strategy.baselines").getParent();

    /** A strategy bundle the build made, found in its module's target folder whatever the version. */
    static Path bundle(String module) {
        Path target = Path.of("../../strategies", module, "target");
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches(Pattern.quote(module) + "-[0-9].*(?<!-sources)\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no bundle of " + module + " in " + target.toAbsolutePath()));
        } catch (IOException e) {
            throw new AssertionError("cannot list " + target.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    @ClassRule
    public static TemporaryFolder dir = new TemporaryFolder();

    @Rule
    public Console console = new Console();

    private static Path model;
    /** Profiled once for all tests: the device under a 4x emulation, the edge as it is. */
    private static Path device;
    private static Path edge;

    @BeforeClass
    public static void profileBothRoles() throws Exception {
        model = Path.of(PlanAndProfileTest.class.getResource("/torch/multi_exit.onnx").toURI());
        device = profile("device", "--emulate-device", "4");
        edge = profile("edge");
    }

    private static Path profile(String role, String... extra) {
        Path out = dir.getRoot().toPath().resolve(role + ".json");
        List<String> args = new ArrayList<>(List.of("profile", "--role", role, "--model", model.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        assertEquals("coinfer profile --role " + role, 0, Main.run(args.toArray(String[]::new)));
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    public void profilesOfBothRolesPlanWithEveryStrategyFound() throws Exception {
        HostProfile d = HostProfiles.read(device);
        assertEquals(Host.DEVICE, d.host());
        assertTrue(Files.readString(device).contains("stretched 4.0x"));
        // The deepest exit run whole on the device is slower than on the edge.
        HostProfile e = HostProfiles.read(edge);
        int last = d.pathMs().size() - 1;
        List<Double> devicePath = d.pathMs().get(last);
        assertTrue(devicePath + " vs " + e.pathMs().get(last), devicePath.get(devicePath.size() - 1) > e.pathMs().get(last).get(0));
        // Besides the paths: each time's spread, each layer's cost in context and its nodes' features.
        Map<String, Object> exit = ((List<Map<String, Object>>) ((Map<String, Object>) JsonReader.parse(Files.readString(device),
                device.toString())).get("exits")).get(last);
        assertEquals(devicePath.size(), ((List<Object>) exit.get("spread")).size());
        List<Map<String, Object>> layers = (List<Map<String, Object>>) exit.get("layers");
        assertEquals(devicePath.size() - 1, layers.size());
        assertEquals(devicePath.get(1) - devicePath.get(0), (double) layers.get(0).get("inContextMs"), 1e-12);
        Map<String, Object> conv = ((List<Map<String, Object>>) layers.get(0).get("nodes")).get(0);
        assertEquals("Conv", conv.get("op"));
        assertTrue(conv.toString(), (double) conv.get("flops") > 0);

        console.reset();
        assertEquals(console.err(), 0, Main.run("plan", "--device-profile", device.toString(), "--edge-profile", edge.toString(),
                "--model", model.toString(), "--uplink-mbps", "0.05", "--rtt-ms", "20", "--deadline-ms", "1000",
                "--bundles", EDGENT.toString(), "--bundles", BASELINES.toString(), "--json"));
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(console.out().trim(), "plan output");
        List<Map<String, Object>> plans = (List<Map<String, Object>>) json.get("plans");
        assertEquals(List.of("device-only", "edge-only", "edgent"), plans.stream().map(p -> p.get("strategy")).toList());
        ModelDescription m = org.coinfer.model.LoadedModel.read(model).description();
        int candidates = m.exits().stream().mapToInt(x -> x.cuts().size()).sum();
        assertEquals(candidates, ((List<Object>) json.get("candidates")).size());
        Map<String, Object> edgent = plans.get(2);
        assertEquals("a second is loose enough for the final exit", (double) m.finalExit().number(), edgent.get("exit"));
        assertEquals(Boolean.TRUE, edgent.get("meets"));
    }

    @Test
    public void aTightRequirementOnASlowLinkGetsAnEarlierExitFromEdgent() throws Exception {
        ModelDescription m = org.coinfer.model.LoadedModel.read(model).description();
        HostProfile d = HostProfiles.read(device);
        // Just above the earliest exit's time on the device, below the final exit's.
        List<Double> first = d.pathMs().get(0);
        double deadline = first.get(first.size() - 1) * 1.05;
        List<Double> lastPath = d.pathMs().get(m.exits().size() - 1);
        double finalOnDevice = lastPath.get(lastPath.size() - 1);
        assertTrue("the fixture's exits differ enough: " + deadline + " vs " + finalOnDevice, deadline < finalOnDevice);
        console.reset();
        assertEquals(console.err(), 0, Main.run("plan", "--device-profile", device.toString(), "--edge-profile", edge.toString(),
                "--model", model.toString(), "--uplink-mbps", "0.01", "--deadline-ms", Double.toString(deadline),
                "--bundles", EDGENT.toString(), "--strategy", "edgent"));
        String table = console.out();
        Matcher row = Pattern.compile("(?m)^edgent +(\\d+) +(\\d+) .*\\b(met|missed)$").matcher(table);
        assertTrue(table, row.find());
        assertTrue(table, Integer.parseInt(row.group(1)) < m.finalExit().number());
        assertEquals(table, "met", row.group(3));
    }

    @Test
    public void aProfileOfOtherContentOrRoleIsAOneLineErrorNamingTheFile() throws Exception {
        Path other = dir.getRoot().toPath().resolve("other.json");
        HostProfile e = HostProfiles.read(edge);
        HostProfiles.write(other, new HostProfile(e.modelId(), "00".repeat(32), Host.EDGE, e.pathMs()),
                new HostProfiles.Provenance("onnxruntime", "none"));
        assertEquals(2, Main.run("plan", "--device-profile", device.toString(), "--edge-profile", other.toString(),
                "--model", model.toString(), "--uplink-mbps", "1", "--deadline-ms", "10", "--bundles", EDGENT.toString()));
        String err = console.err().trim();
        assertTrue(err, err.startsWith("coinfer: " + other + ": field 'contentHash': expected "));
        assertEquals(err, 1, err.lines().count());
        console.reset();
        assertEquals(2, Main.run("plan", "--device-profile", edge.toString(), "--edge-profile", edge.toString(),
                "--model", model.toString(), "--uplink-mbps", "1", "--deadline-ms", "10", "--bundles", EDGENT.toString()));
        assertEquals("coinfer: " + edge + ": field 'host': expected device, found edge", console.err().trim());
    }

    @Test
    public void anUnknownStrategyOrRoleIsNamedWithTheChoices() throws Exception {
        assertEquals(2, Main.run("profile", "--role", "cloud", "--model", model.toString(), "--out", "x.json"));
        assertEquals("coinfer: --role: expected device or edge, found 'cloud'", console.err().trim());
        console.reset();
        assertEquals(2, Main.run("plan", "--device-profile", device.toString(), "--edge-profile", edge.toString(),
                "--model", model.toString(), "--uplink-mbps", "1", "--deadline-ms", "10", "--bundles", EDGENT.toString(),
                "--strategy", "oracle"));
        assertEquals("coinfer: --strategy: expected one of [edgent], found 'oracle'", console.err().trim());
    }

    @Test
    public void strategyBundlesAreFoundFromTheirComponentDescriptors() throws Exception {
        assertEquals(List.of("org.coinfer.strategy.edgent.internal.Edgent"), StrategyBundles.strategyClasses(EDGENT));
        try (StrategyBundles found = StrategyBundles.load(List.of(EDGENT, BASELINES))) {
            assertEquals(List.of("device-only", "edge-only", "edgent"), List.copyOf(found.strategies().keySet()));
        }
        // A later jar with a strategy of the same name (here the same jar again) replaces the earlier, and says so.
        try (StrategyBundles found = StrategyBundles.load(List.of(EDGENT, EDGENT))) {
            assertEquals(List.of("edgent"), List.copyOf(found.strategies().keySet()));
        }
        assertTrue(console.err(), console.err().contains("coinfer: strategy edgent from " + EDGENT + " replaces the one from " + EDGENT));
    }

    @Test
    public void theEmulationIsOnlyForTheDeviceAndAtLeastOne() {
        assertEquals(2, Main.run("profile", "--role", "edge", "--emulate-device", "--model", model.toString(), "--out", "x.json"));
        assertEquals("coinfer: --emulate-device: only with --role device, found --role edge", console.err().trim());
        console.reset();
        assertEquals(2, Main.run("profile", "--role", "device", "--emulate-device", "0.5", "--model", model.toString(), "--out", "x.json"));
        assertEquals("coinfer: --emulate-device: expected a slowdown of at least 1, found 0.5", console.err().trim());
    }
}
