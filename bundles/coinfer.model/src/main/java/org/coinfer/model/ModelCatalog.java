package org.coinfer.model;

import java.util.List;
import java.util.NoSuchElementException;
import org.osgi.annotation.versioning.ProviderType;

/** The models this container can serve. */
@ProviderType
public interface ModelCatalog {
    /** Every model, the default one first. */
    List<LoadedModel> models();

    /** The model with this id; throws {@link NoSuchElementException} naming the id and the known ones. */
    default LoadedModel model(String id) {
        return models().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("unknown model '" + id + "'; this container has "
                        + models().stream().map(LoadedModel::id).toList()));
    }

    /** The model requests use when they name none. */
    default LoadedModel defaultModel() {
        return models().get(0);
    }
}
