/**
 * Coinfer's shared contract: the four services a co-inference system is built from
 * ({@link org.coinfer.api.InferenceBackend}, {@link org.coinfer.api.LatencyPredictor},
 * {@link org.coinfer.api.PartitionStrategy}, {@link org.coinfer.api.Transport}) and the
 * immutable values they exchange.
 *
 * <p>Conventions: exits are numbered from 1 (earliest) to the model's final exit; on the
 * path of an exit with {@code n} layers, cut {@code c} runs layers {@code 1..c} on the device
 * and {@code c+1..n} on the edge, so cut 0 is edge-only and cut {@code n} is device-only.
 * Times are milliseconds, bandwidths bits per second, sizes bytes.
 */
@Export
@Version("3.3.0")
package org.coinfer.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
