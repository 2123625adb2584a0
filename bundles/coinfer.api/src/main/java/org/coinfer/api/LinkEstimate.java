package org.coinfer.api;

/**
 * The link as the device estimates it now, and how sure it is of that: a strategy may plan
 * more carefully on an old or uncertain estimate.
 *
 * @param conditions the estimate itself
 * @param ageMs time since anything (a request or a probe) last measured the link
 * @param uplinkSpread relative standard error of the uplink bandwidth (0.1 means about 10%)
 * @param downlinkSpread relative standard error of the downlink bandwidth
 * @param rttSpreadMs standard error of the round-trip time, in milliseconds
 * @param probeShare share of the time since the estimate began that the link spent on probes
 */
public record LinkEstimate(NetworkConditions conditions, double ageMs, double uplinkSpread, double downlinkSpread,
                           double rttSpreadMs, double probeShare) {
    public LinkEstimate {
        if (conditions == null) {
            throw new IllegalArgumentException("a link estimate needs network conditions");
        }
        if (!(ageMs >= 0) || !(uplinkSpread >= 0) || !(downlinkSpread >= 0) || !(rttSpreadMs >= 0) || !(probeShare >= 0)) {
            throw new IllegalArgumentException("a link estimate needs an age, spreads and a probe share of at least 0, found age "
                    + ageMs + " ms, spreads " + uplinkSpread + " up, " + downlinkSpread + " down, " + rttSpreadMs
                    + " ms RTT, probe share " + probeShare);
        }
    }

    /** The estimate in words, for operators: rates with their spreads, round trip, age and probe share. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%.3f Mbit/s up (spread %.0f%%), %.3f Mbit/s down (spread %.0f%%), RTT %.2f ms; "
                + "measured %.1f s ago; probes took %.2f%% of the time", conditions.uplinkBps() / 1e6, 100 * uplinkSpread,
                conditions.downlinkBps() / 1e6, 100 * downlinkSpread, conditions.rttMs(), ageMs / 1e3, 100 * probeShare);
    }

    /** Conditions known exactly, as in what-if planning. */
    public static LinkEstimate exact(NetworkConditions conditions) {
        return new LinkEstimate(conditions, 0, 0, 0, 0, 0);
    }
}
