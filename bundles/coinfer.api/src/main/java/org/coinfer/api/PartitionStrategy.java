package org.coinfer.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Chooses the exit and cut for a request. Register implementations as services named with
 * {@link StrategyName} (the {@value #NAME} property); the device runtime uses the one its
 * configuration names, and strategy bundles may come and go while it runs.
 *
 * <p>A consumer type: researchers implement it in their own bundles, so methods are never
 * added to it within a major version.
 */
@ConsumerType
public interface PartitionStrategy {
    /** Service property holding the strategy's name, as shown in results. */
    String NAME = "coinfer.strategy.name";

    /** The strategy's name, equal to its {@value #NAME} service property. */
    String name();

    /**
     * The plan for one request. Never null: when no plan meets the requirement, return the
     * fastest one with {@link Plan#meetsRequirement()} false.
     */
    Plan plan(PlanningContext context);
}
