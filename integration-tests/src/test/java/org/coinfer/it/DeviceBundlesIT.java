package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.util.List;
import javax.inject.Inject;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Transport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/** Every bundle the device container ships starts in Felix, and the device's services are registered. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceBundlesIT {
    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    @Test
    public void everyBundleIsActive() {
        Coinfer.assertAllActive(bc, Coinfer.coinferBundles("device"));
    }

    @Test
    public void deviceServicesAreRegistered() {
        assertNotNull(Coinfer.service(bc, InferenceBackend.class));
        assertNotNull(Coinfer.service(bc, LatencyPredictor.class));
        assertNotNull(Coinfer.service(bc, Transport.class));
        CoInference ci = Coinfer.service(bc, CoInference.class);
        for (String name : Coinfer.STRATEGIES) {
            PartitionStrategy s = Coinfer.service(bc, PartitionStrategy.class, "(" + PartitionStrategy.NAME + "=" + name + ")");
            assertEquals("name of the strategy registered as " + name, name, s.name());
        }
        // The runtime's dynamic reference has picked up every one.
        Coinfer.await("the device runtime sees every strategy", Coinfer.SERVICE_WAIT,
                () -> ci.strategies().equals(Coinfer.STRATEGIES));
    }
}
