package dev.o2o.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How footfall minutes are kept: {@code allowedLateness} is how long after a minute ends, beyond
 * {@code engine.maxOutOfOrderness}, late events still correct its figures (at least {@code
 * engagement.exitAfter}, since a visit is known to have closed only that long after its last
 * sighting); {@code returningWithin} is how far back an earlier visit to any store makes a member a
 * returning visitor rather than a new one.
 */
public record FootfallSettings(Duration allowedLateness, Duration returningWithin)
    implements Serializable {}
