package org.coinfer.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the edge is doing, for operators: the devices connected now, the requests it has served
 * per model, exit and cut with their compute time, and how many it is computing right now.
 * Provided by the edge's transport server.
 */
@ProviderType
public interface EdgeActivity {
    /** A device connected now. */
    record Device(String address, String identity, long sinceEpochMs, long requests) {
    }

    /** Requests served for one model, exit and cut since the edge started, and their edge compute time. */
    record Served(String modelId, int exit, int cut, long requests, double meanEdgeMs, double lastEdgeMs) {
    }

    /** The devices connected now, the longest connected first. */
    List<Device> devices();

    /** Every model, exit and cut the edge has served, by model, exit and cut. */
    List<Served> served();

    /** Requests being computed now: the edge's queue. */
    int inFlight();
}
