package org.coinfer.model.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.onnx.DemoModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The models named in configuration, plus the built-in demonstration CNN. */
@Component(configurationPid = CatalogComponent.PID)
@Designate(ocd = CatalogComponent.Config.class)
public final class CatalogComponent implements ModelCatalog {
    static final String PID = "org.coinfer.model.catalog";
    /** The built-in CNN: seeded, so device and edge build byte-identical models. */
    static final String DEMO_ID = "demo-cnn";
    static final long DEMO_SEED = 2018;

    @ObjectClassDefinition(name = "Coinfer model catalog", description = "The models this container serves.")
    public @interface Config {
        @AttributeDefinition(name = "Model files", description = "Multi-exit ONNX files; every graph output is an exit, in graph order.")
        String[] files() default {};

        @AttributeDefinition(name = "Built-in demo model", description = "Also serve the built-in multi-exit CNN (" + DEMO_ID + ").")
        boolean demo() default true;
    }

    private final List<LoadedModel> models;

    @Activate
    public CatalogComponent(Config config) {
        List<LoadedModel> list = new ArrayList<>();
        if (config.demo()) {
            list.add(LoadedModel.of(DEMO_ID, DemoModels.multiExitCnn(DEMO_SEED), "built-in " + DEMO_ID, List.of()));
        }
        for (String f : config.files()) {
            list.add(LoadedModel.read(Path.of(f)));
        }
        if (list.isEmpty()) {
            throw new IllegalStateException("configuration " + PID + " names no model file and disables the demo model");
        }
        models = List.copyOf(list);
    }

    @Override
    public List<LoadedModel> models() {
        return models;
    }
}
