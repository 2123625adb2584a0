/**
 * The models a Coinfer container serves: their description for strategies, their segments for
 * backends, running a segment, measuring every segment on this host, and checking split
 * execution on one engine against whole execution on another.
 */
@Export
@Version("1.3.0")
package org.coinfer.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
