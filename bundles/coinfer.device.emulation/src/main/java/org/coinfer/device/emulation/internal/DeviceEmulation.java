package org.coinfer.device.emulation.internal;

import org.coinfer.api.InferenceBackend;
import org.coinfer.device.emulation.SlowedBackend;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The container's real backend made slower, registered above it so that the device's profiler
 * and requests run on it; inactive until its configuration exists, as on a real device.
 */
@Component(configurationPid = DeviceEmulation.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = InferenceBackend.class, property = DeviceEmulation.EMULATED + "=true")
@ServiceRanking(100)
@Designate(ocd = DeviceEmulation.Config.class)
public final class DeviceEmulation extends SlowedBackend {
    public static final String PID = "org.coinfer.device.emulation";
    /** Service property of the emulating backend, so it never wraps itself. */
    static final String EMULATED = "coinfer.emulated";

    @ObjectClassDefinition(name = "Coinfer device emulation",
            description = "Makes every computation of this container's backend take a fixed factor longer, to emulate a slower device.")
    public @interface Config {
        @AttributeDefinition(name = "Slowdown",
                description = "How many times longer each computation takes (10: a Raspberry Pi 3 against a desktop core).", min = "1")
        double slowdown() default 10;
    }

    @Activate
    /** It wraps the engine selection, never an engine directly. */
    public DeviceEmulation(@Reference(target = "(&" + InferenceBackend.SELECTED + "(!(" + EMULATED + "=true)))",
            policyOption = ReferencePolicyOption.GREEDY)
            InferenceBackend backend, Config config) {
        super(backend, checked(config));
    }

    @Modified
    void modified(Config config) {
        slowdown(checked(config));
    }

    /** The factor, or an error naming the configuration when it is below 1. */
    private static double checked(Config config) {
        if (!(config.slowdown() >= 1)) {
            throw new IllegalArgumentException(PID + ": slowdown must be at least 1, found " + config.slowdown());
        }
        return config.slowdown();
    }
}
