/**
 * Starting DJL's PyTorch engine inside this bundle ({@link org.coinfer.engine.djl.PyTorch}) and
 * the few operators ONNX defines that DJL lacks ({@link org.coinfer.engine.djl.Lrn}).
 */
@Export
@Version("1.0.0")
package org.coinfer.engine.djl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
