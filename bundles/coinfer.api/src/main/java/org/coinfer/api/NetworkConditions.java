package org.coinfer.api;

/**
 * The link between device and edge as measured now.
 *
 * @param uplinkBps device-to-edge bandwidth in bits per second
 * @param downlinkBps edge-to-device bandwidth in bits per second
 * @param rttMs round-trip time of an empty message in milliseconds
 */
public record NetworkConditions(double uplinkBps, double downlinkBps, double rttMs) {
    public NetworkConditions {
        if (!(uplinkBps > 0) || !(downlinkBps > 0) || !(rttMs >= 0)) {
            throw new IllegalArgumentException("network conditions need positive bandwidths and a non-negative RTT, found up="
                    + uplinkBps + " down=" + downlinkBps + " rtt=" + rttMs);
        }
    }

    public double uploadMs(long bytes) {
        return bytes * 8_000.0 / uplinkBps;
    }

    public double downloadMs(long bytes) {
        return bytes * 8_000.0 / downlinkBps;
    }
}
