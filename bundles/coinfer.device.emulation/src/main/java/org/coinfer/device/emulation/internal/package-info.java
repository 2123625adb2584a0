/**
 * The device emulation's component, private to its bundle: it registers an
 * {@link org.coinfer.device.emulation.SlowedBackend} over the container's real backend when
 * its configuration exists.
 */
package org.coinfer.device.emulation.internal;
