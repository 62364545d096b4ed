package dev.o2o.jobs;

/**
 * A Kafka record as it arrived, before it is decoded. Jobs read raw bytes so that a payload which
 * does not decode is kept, with its reason, as a dead letter instead of failing the job. {@code
 * writtenAt} is the record's Kafka timestamp in epoch milliseconds, against which an event's own
 * time is checked.
 */
public record RawRecord(String topic, byte[] value, long writtenAt) {}
