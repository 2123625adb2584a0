/**
 * Reading, analysing and writing ONNX models without exposing ONNX's protobuf classes:
 * {@link org.coinfer.onnx.OnnxGraph} parses a model, finds its cut points, infers shapes and
 * per-node features and extracts standalone segments; {@link org.coinfer.onnx.OnnxModelBuilder}
 * writes CNNs from weight arrays; {@link org.coinfer.onnx.DemoModels} holds seeded test models;
 * {@link org.coinfer.onnx.OnnxTensors} reads stand-alone tensors and binds test models' inputs.
 */
@Export
@Version("1.1.0")
package org.coinfer.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
