/**
 * What a strategy would choose, for people and programs: the plan of each strategy with its
 * predicted breakdown and every candidate (exit, cut) pair, as a table or as JSON. The device's
 * shell and the command line's what-if planner print the same report.
 */
@Export
@Version("1.0.0")
package org.coinfer.model.report;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
