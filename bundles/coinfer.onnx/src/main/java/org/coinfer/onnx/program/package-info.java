/**
 * An engine-neutral description of a model segment for backends that lower ONNX nodes onto
 * their own operations: {@link org.coinfer.onnx.program.OnnxProgram} gives the ops an engine must
 * run in order, with concrete shapes at batch 1, typed attributes and the constants they read,
 * after constants, identities and shape arithmetic have been folded away.
 */
@Export
@Version("1.0.0")
package org.coinfer.onnx.program;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
