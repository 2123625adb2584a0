/**
 * What every inference backend keeps: {@link org.coinfer.backend.segments.SegmentTable}, its
 * loaded segments with the models they were built from, and
 * {@link org.coinfer.backend.segments.StartOnce}, its engine started once when first needed. A
 * private copy inside each backend bundle, not an API.
 */
package org.coinfer.backend.segments;
