/** The device's transport component: connects, shapes, times each exchange. Private to this bundle. */
package org.coinfer.transport.tcp.client.internal;
