package org.coinfer.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * A latency predictor's name as a component property type: {@code @PredictorName("hybrid")} on
 * a {@link LatencyPredictor} component registers it with {@value LatencyPredictor#NAME}{@code =hybrid};
 * the device runtime plans with the one its configuration names.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PredictorName {
    /** With the annotation's name this makes the property {@value LatencyPredictor#NAME}. */
    String PREFIX_ = "coinfer.";

    String value();
}
