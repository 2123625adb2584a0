package org.coinfer.api;

/** The two sides of co-inference. */
public enum Host {
    DEVICE, EDGE
}
