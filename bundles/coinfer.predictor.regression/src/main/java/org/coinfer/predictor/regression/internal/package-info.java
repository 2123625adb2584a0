/**
 * Each host's fitted per-layer model, kept and persisted, private to this bundle; the device's
 * predictor that plans with the device's and the edge's is in coinfer.predictor.regression.device.
 */
package org.coinfer.predictor.regression.internal;
