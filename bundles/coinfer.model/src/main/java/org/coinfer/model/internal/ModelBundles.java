package org.coinfer.model.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelManifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;

/**
 * The models that active bundles carry: a bundle names its manifests in the {@value #HEADER}
 * header, each manifest names its ONNX file next to it. A model comes with its bundle and goes
 * with it; a bundle whose model cannot be read is reported and left out, never half-loaded.
 */
final class ModelBundles extends BundleTracker<List<LoadedModel>> {
    static final String HEADER = "Coinfer-Models";
    private static final Logger LOG = System.getLogger(ModelBundles.class.getName());

    /** By bundle id, so the oldest bundle's models come first. */
    private final Map<Long, List<LoadedModel>> models = new ConcurrentSkipListMap<>();

    ModelBundles(BundleContext context) {
        super(context, Bundle.ACTIVE, null);
    }

    List<LoadedModel> models() {
        return models.values().stream().flatMap(List::stream).toList();
    }

    @Override
    public List<LoadedModel> addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders().get(HEADER);
        if (header == null) {
            return null;
        }
        List<LoadedModel> found = new ArrayList<>();
        for (String path : header.split(",")) {
            try {
                found.add(read(bundle, path.trim()));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "bundle {0}: model {1} not loaded: {2}", bundle.getSymbolicName(), path.trim(), e.getMessage());
                return null;
            }
        }
        for (LoadedModel m : found) {
            if (models().stream().anyMatch(o -> o.id().equals(m.id()))) {
                LOG.log(Level.ERROR, "bundle {0}: model {1} not loaded: another bundle already serves a model with that id",
                        bundle.getSymbolicName(), m.id());
                return null;
            }
        }
        models.put(bundle.getBundleId(), found);
        found.forEach(m -> LOG.log(Level.INFO, "model {0} from bundle {1}", m.id(), bundle.getSymbolicName()));
        return found;
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<LoadedModel> found) {
        models.remove(bundle.getBundleId());
        found.forEach(m -> LOG.log(Level.INFO, "model {0} gone with bundle {1}", m.id(), bundle.getSymbolicName()));
    }

    private static LoadedModel read(Bundle bundle, String manifestPath) throws IOException {
        String where = bundle.getSymbolicName() + "!/";
        ModelManifest manifest = ModelManifest.parse(new String(entry(bundle, manifestPath), StandardCharsets.UTF_8), where + manifestPath);
        String onnxPath = manifestPath.contains("/") ? manifestPath.substring(0, manifestPath.lastIndexOf('/') + 1) + manifest.file() : manifest.file();
        return LoadedModel.of(manifest, entry(bundle, onnxPath), where + onnxPath, where + manifestPath);
    }

    private static byte[] entry(Bundle bundle, String path) throws IOException {
        URL url = bundle.getEntry(path);
        if (url == null) {
            throw new IOException(bundle.getSymbolicName() + "!/" + path + " not found in the bundle");
        }
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
