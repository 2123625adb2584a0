/**
 * The hybrid predictor's component, private to its bundle: it exports nothing and registers
 * a {@link org.coinfer.api.LatencyPredictor} named {@code hybrid}.
 */
package org.coinfer.predictor.hybrid.internal;
