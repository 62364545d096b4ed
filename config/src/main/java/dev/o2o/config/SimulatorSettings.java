package dev.o2o.config;

import java.io.Serializable;

/** The traffic the store simulator plays: how many customers, and how fast they act. */
public record SimulatorSettings(
    int customers, double eventsPerSecond, double consentShare, long seed)
    implements Serializable {}
