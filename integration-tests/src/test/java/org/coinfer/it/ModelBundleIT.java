package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import javax.inject.Inject;
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

/** A model bundle's model is served while the bundle is there and gone when it goes. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelBundleIT {
    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return Coinfer.device();
    }

    private static String defaultId(ModelCatalog catalog) {
        return catalog.defaultModel().id();
    }

    @Test
    public void theTrainedModelComesAndGoesWithItsBundle() throws Exception {
        ModelCatalog catalog = Coinfer.service(bc, ModelCatalog.class);
        LoadedModel m = catalog.defaultModel();
        assertEquals("b-alexnet", m.id());
        assertEquals(5, m.description().exits().size());
        assertTrue("final exit accuracy " + m.description().finalExit().accuracy(), m.description().finalExit().accuracy() >= 0.90);

        Bundle model = Coinfer.installed(bc, "coinfer.model.b-alexnet");
        String location = model.getLocation();
        model.uninstall();
        Coinfer.await("the catalog drops b-alexnet", Duration.ofSeconds(10), () -> !defaultId(catalog).equals("b-alexnet"));
        assertEquals("with no model bundle the built-in CNN stands in", LoadedModel.DEMO_ID, defaultId(catalog));

        bc.installBundle(location).start();
        Coinfer.await("the catalog serves b-alexnet again", Duration.ofSeconds(10), () -> defaultId(catalog).equals("b-alexnet"));
    }
}
