/**
 * The models a Coinfer container serves: their description for strategies, their segments for
 * backends, running a segment, and measuring every segment on this host.
 */
@Export
@Version("1.2.0")
package org.coinfer.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
