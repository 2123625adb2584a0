/**
 * What every inference backend keeps: {@link org.coinfer.backend.segments.SegmentTable}, its
 * loaded segments with the models they were built from. A private copy inside each backend
 * bundle, not an API.
 */
package org.coinfer.backend.segments;
