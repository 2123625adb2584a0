package org.coinfer.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * A strategy's name as a component property type: {@code @StrategyName("edgent")} on a
 * {@link PartitionStrategy} component registers it with {@value PartitionStrategy#NAME}{@code =edgent},
 * so no strategy spells the property out.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StrategyName {
    /** With the annotation's name this makes the property {@value PartitionStrategy#NAME}. */
    String PREFIX_ = "coinfer.";

    /** The name, equal to what the strategy's {@link PartitionStrategy#name()} returns. */
    String value();
}
