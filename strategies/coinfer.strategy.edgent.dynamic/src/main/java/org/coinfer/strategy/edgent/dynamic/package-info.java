/**
 * Edgent's dynamic-bandwidth extension (IEEE TWC 2019) as a library: real throughput traces
 * ({@link org.coinfer.strategy.edgent.dynamic.Trace}), the bandwidth states derived from them
 * ({@link org.coinfer.strategy.edgent.dynamic.BandwidthStates}), the configuration map from
 * each state to the plan to use there ({@link org.coinfer.strategy.edgent.dynamic.ConfigurationMap}),
 * and the change-point detector that tells when the link has moved to another state
 * ({@link org.coinfer.strategy.edgent.dynamic.Cusum}).
 */
@Export
@Version("1.1.0")
package org.coinfer.strategy.edgent.dynamic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
