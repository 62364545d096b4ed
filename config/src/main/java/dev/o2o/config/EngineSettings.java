package dev.o2o.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the engine runs: where it keeps its state, how parallel the jobs are, how often they
 * checkpoint, how late an event may arrive and still count, and how long a Kafka partition that
 * yields nothing holds back event time.
 */
public record EngineSettings(
    Path dataDir,
    int parallelism,
    Duration checkpointInterval,
    Duration maxOutOfOrderness,
    Duration maxClockSkew,
    Duration idlePartitionTimeout,
    String stateBackend) {}
