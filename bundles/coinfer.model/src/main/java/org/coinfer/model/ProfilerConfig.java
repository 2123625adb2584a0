package org.coinfer.model;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How this host's profile is measured. One configuration, under {@link #PID}, serves whichever
 * component profiles in a container: the predictor on the device, the edge runtime on the edge.
 */
// The OCD names its PID itself, so this bundle carries the metatype and components elsewhere need no @Designate.
@ObjectClassDefinition(pid = "org.coinfer.profiler", name = "Coinfer profiler",
        description = "How long and how often each part of a model's paths is timed on this host.")
public @interface ProfilerConfig {
    String PID = "org.coinfer.profiler";

    @AttributeDefinition(name = "Warm-up runs", description = "Untimed runs of each part before timing starts.")
    int warmup() default 3;

    @AttributeDefinition(name = "Timed rounds", description = "Timed rounds of each part; the median round is kept.")
    int rounds() default 5;

    @AttributeDefinition(name = "Round length (ms)",
            description = "A round repeats a part until it has lasted this long: longer than a CPU-quota period, so throttling is measured.")
    double roundMs() default 30;
}
