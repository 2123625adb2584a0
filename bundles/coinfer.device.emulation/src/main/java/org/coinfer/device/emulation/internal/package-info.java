/**
 * Device emulation, private to its bundle: a decorator of the container's
 * {@link org.coinfer.api.InferenceBackend} that makes every computation take a fixed factor
 * longer, so one machine can play a slow device beside a fast edge. Nothing is exported; the
 * command line's profiler uses the class as plain Java.
 */
package org.coinfer.device.emulation.internal;
