/**
 * The regression predictor's components, private to its bundle: each host's fitted model, kept
 * and persisted, and the predictor that plans with the device's and the edge's.
 */
package org.coinfer.predictor.regression.internal;
