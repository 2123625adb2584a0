/** The shutdown watchdog, private to its bundle: nothing here is for other bundles to use. */
package org.coinfer.shutdown.internal;
