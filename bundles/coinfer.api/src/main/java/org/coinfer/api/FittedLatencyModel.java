package org.coinfer.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This host's per-layer latency model, fitted from layers it timed itself, so that a model it
 * has never timed whole can be planned for. Each container has its own; the edge's reaches the
 * device through the {@link Transport}.
 */
@ProviderType
public interface FittedLatencyModel {
    /**
     * The model as the JSON document that describes it (format {@code coinfer-layer-model}),
     * or empty while it is still being fitted.
     */
    Optional<String> json();

    /** Why there is no model yet (still profiling, and how far), for the person asking; empty once there is one. */
    String status();
}
