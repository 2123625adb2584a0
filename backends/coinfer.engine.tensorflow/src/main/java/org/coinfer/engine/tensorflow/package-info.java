/** Loading TensorFlow's native libraries from this bundle into a configurable folder. */
@Version("1.0.0")
@Export
package org.coinfer.engine.tensorflow;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
