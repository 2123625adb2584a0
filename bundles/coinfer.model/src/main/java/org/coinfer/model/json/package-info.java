/**
 * The little JSON Coinfer reads and writes (model manifests, command-line output), so no
 * container needs a JSON library.
 */
@Export
@Version("1.1.0")
package org.coinfer.model.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
