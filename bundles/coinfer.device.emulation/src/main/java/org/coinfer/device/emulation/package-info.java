/**
 * Device emulation: {@link org.coinfer.device.emulation.SlowedBackend} makes every
 * computation of an {@link org.coinfer.api.InferenceBackend} take a fixed factor longer, so
 * one machine can play a slow device beside a fast edge. The bundle registers it, when
 * configured, above the container's real backend; tools use the class as plain Java.
 */
@Export
@Version("1.0.0")
package org.coinfer.device.emulation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
