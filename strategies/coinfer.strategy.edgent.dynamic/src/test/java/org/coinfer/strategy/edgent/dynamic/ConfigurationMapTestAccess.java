package org.coinfer.strategy.edgent.dynamic;

import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;

/** The map tests' model, predictor and map, for the component's tests in another package. */
public final class ConfigurationMapTestAccess {
    private ConfigurationMapTestAccess() {
    }

    public static ConfigurationMap map() {
        return ConfigurationMapTest.map();
    }

    public static ModelDescription model() {
        return Models.CNN;
    }

    public static LatencyPredictor times() {
        return Models.TIMES;
    }

    public static LatencyRequirement requirement() {
        return ConfigurationMapTest.REQUIREMENT;
    }
}
