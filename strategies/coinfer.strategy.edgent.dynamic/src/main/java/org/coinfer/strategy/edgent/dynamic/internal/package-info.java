/**
 * The {@code edgent-dynamic} strategy's component, private to its bundle: other bundles find
 * it as a {@link org.coinfer.api.PartitionStrategy} service named {@code edgent-dynamic}.
 */
package org.coinfer.strategy.edgent.dynamic.internal;
