package dev.o2o.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How campaigns are credited with store visits and purchases: how far back a touch may earn one
 * (clicks reach further than views), how fast a touch's credit halves under the time-decay model,
 * and how many members each holdout group needs before a campaign's lift is shown.
 */
public record AttributionSettings(
    Duration clickWindow, Duration viewWindow, Duration decayHalfLife, int minLiftVolume)
    implements Serializable {}
