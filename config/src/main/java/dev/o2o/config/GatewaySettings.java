package dev.o2o.config;

import java.time.Duration;

/**
 * How the edge gateway deals with a Kafka that does not answer. A store event Kafka has not
 * acknowledged within {@code kafkaTimeout} goes to the gateway's disk spool instead, and so does
 * every later event until the spool has been replayed. The spool takes at most {@code
 * spoolMaxBytes} of disk in files of {@code spoolSegmentBytes}; when it is full the gateway stops
 * acknowledging store messages, so that the MQTT broker keeps them. With {@code spoolFsync} an
 * event is forced to disk before it is acknowledged (it survives a power cut); without, it is
 * written to the operating system only (it survives a crash of the gateway, not of the machine).
 */
public record GatewaySettings(
    Duration kafkaTimeout, long spoolMaxBytes, long spoolSegmentBytes, boolean spoolFsync) {}
