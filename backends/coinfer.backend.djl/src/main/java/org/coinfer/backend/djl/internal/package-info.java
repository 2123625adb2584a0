/**
 * The DJL backend's component and its lowering of ONNX segments onto DJL NDArray operations;
 * private to the bundle, which registers an {@link org.coinfer.api.InferenceBackend} with
 * {@code coinfer.engine=djl}.
 */
package org.coinfer.backend.djl.internal;
