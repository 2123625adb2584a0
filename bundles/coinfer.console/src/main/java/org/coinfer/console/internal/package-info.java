/** The device's Web Console page and what it renders. Private to this bundle. */
package org.coinfer.console.internal;
