/**
 * Edgent's online optimizer as a library, for strategies that build on it: the exits in order
 * of accuracy ({@link org.coinfer.strategy.edgent.ExitOrder}) and the joint choice of exit and
 * cut ({@link org.coinfer.strategy.edgent.JointOptimizer}).
 */
@Export
@Version("1.0.0")
package org.coinfer.strategy.edgent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
