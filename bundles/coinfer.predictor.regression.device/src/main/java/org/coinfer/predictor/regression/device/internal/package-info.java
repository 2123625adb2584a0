/** The device's "regression" predictor: both hosts' per-layer models combined over the link. Private to this bundle. */
package org.coinfer.predictor.regression.device.internal;
