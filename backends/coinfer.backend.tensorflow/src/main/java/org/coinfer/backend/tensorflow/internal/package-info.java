/** The TensorFlow backend: ONNX segments lowered to TensorFlow graphs and run in sessions. */
package org.coinfer.backend.tensorflow.internal;
