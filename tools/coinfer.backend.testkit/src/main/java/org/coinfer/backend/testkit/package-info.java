/**
 * Checks every inference backend's tests share: {@link org.coinfer.backend.testkit.NodeConformance}
 * runs ONNX's own node test cases, {@link org.coinfer.backend.testkit.SplitEquivalence} compares
 * split execution with a reference engine on the shipped models.
 */
package org.coinfer.backend.testkit;
