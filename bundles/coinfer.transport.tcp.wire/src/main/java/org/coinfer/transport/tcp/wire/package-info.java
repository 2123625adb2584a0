/**
 * The device-edge wire protocol: frame format, framed channels over plain or TLS sockets, link
 * shaping. Copied privately into the client and the server bundle, never exported.
 */
package org.coinfer.transport.tcp.wire;
