package org.coinfer.model.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The models this container serves: those that model bundles carry (the first of them is the
 * default), those named in configuration, and the built-in demonstration CNN.
 */
@Component(configurationPid = CatalogComponent.PID)
@Designate(ocd = CatalogComponent.Config.class)
public final class CatalogComponent implements ModelCatalog {
    static final String PID = "org.coinfer.model.catalog";

    @ObjectClassDefinition(name = "Coinfer model catalog", description = "The models this container serves.")
    public @interface Config {
        @AttributeDefinition(name = "Model files", description = "Multi-exit ONNX files; a manifest next to one (same name, .json) names its exits, otherwise every graph output is an exit, in graph order.")
        String[] files() default {};

        @AttributeDefinition(name = "Built-in demo model", description = "Serve the built-in multi-exit CNN ("
                + LoadedModel.DEMO_ID + ", random weights) when no model bundle or file provides a model.")
        boolean demo() default true;
    }

    private final List<LoadedModel> configured;
    private final boolean demoAllowed;
    /** Served only when nothing else provides a model, so built on first need, not at start-up. */
    private LoadedModel demo;
    private final ModelBundles bundles;

    @Activate
    public CatalogComponent(BundleContext context, Config config) {
        this.configured = configured(config);
        this.demoAllowed = config.demo();
        this.bundles = context == null ? null : new ModelBundles(context);
        if (bundles != null) {
            bundles.open();
        }
    }

    /** A catalog of the configured models alone, outside OSGi. */
    public CatalogComponent(Config config) {
        this(null, config);
    }

    @Deactivate
    void deactivate() {
        if (bundles != null) {
            bundles.close();
        }
    }

    private synchronized LoadedModel demo() {
        if (demo == null) {
            demo = LoadedModel.demo();
        }
        return demo;
    }

    private static List<LoadedModel> configured(Config config) {
        List<LoadedModel> list = new ArrayList<>();
        for (String f : config.files()) {
            list.add(LoadedModel.read(Path.of(f)));
        }
        return List.copyOf(list);
    }

    @Override
    public List<LoadedModel> models() {
        List<LoadedModel> all = new ArrayList<>(bundles == null ? List.of() : bundles.models());
        all.addAll(configured);
        if (all.isEmpty() && demoAllowed) {
            all.add(demo());
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no model: no model bundle is installed, configuration " + PID
                    + " names no model file and disables the demo model");
        }
        return all;
    }
}
