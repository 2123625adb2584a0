/**
 * Per-layer latency regression, Edgent's offline stage: {@link org.coinfer.predictor.regression.PathSamples}
 * turns a host's measured prefixes or suffixes into samples, {@link org.coinfer.predictor.regression.LayerModelFit}
 * fits one term per {@link org.coinfer.predictor.regression.LayerKind} from them, and the resulting
 * {@link org.coinfer.predictor.regression.LayerModel} predicts any part of any model's paths from
 * its layers' features alone. {@link org.coinfer.predictor.regression.Sweep} builds the synthetic
 * models that show the fit more layer shapes than the installed models have.
 */
@Export
@Version("1.0.0")
package org.coinfer.predictor.regression;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
