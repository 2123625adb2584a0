/** The edge's listener component and its per-connection sessions. Private to this bundle. */
package org.coinfer.transport.tcp.server.internal;
