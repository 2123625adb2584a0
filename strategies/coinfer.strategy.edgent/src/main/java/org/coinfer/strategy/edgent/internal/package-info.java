/**
 * The Edgent strategy, private to its bundle: other bundles find it as a
 * {@link org.coinfer.api.PartitionStrategy} service named {@code edgent}.
 */
package org.coinfer.strategy.edgent.internal;
