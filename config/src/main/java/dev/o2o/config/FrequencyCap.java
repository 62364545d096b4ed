package dev.o2o.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * At most {@code max} arrival offers to one customer within any {@code window}, e.g. 3 a week: one
 * of the caps in {@code engagement.frequencyCaps}, which hold together with the cooldown.
 */
public record FrequencyCap(Duration window, int max) implements Serializable {}
