package dev.o2o.jobs;

import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.Event;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.Topic;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw Kafka records of one topic with the topic's own codec and maps them to what the job
 * consumes. Anything that does not decode or map is sent, with the reason, to {@link #DEAD_LETTERS}
 * and counted, and the job keeps running.
 */
public final class ParseRecords<E, T> extends ProcessFunction<RawRecord, T> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final Topic<E> topic;
  private final String origin;
  private final InputMapping<E, T> mapping;
  private final Duration maxClockSkew;
  private transient Counter rejected;

  /**
   * @param maxClockSkew how far an event's {@code occurredAt} may be from the time its record was
   *     written to Kafka; an event further off is refused, since its time cannot be trusted and a
   *     future one would make every later event look late
   */
  public ParseRecords(
      Topic<E> topic, String origin, InputMapping<E, T> mapping, Duration maxClockSkew) {
    this.topic = topic;
    this.origin = origin;
    this.mapping = mapping;
    this.maxClockSkew = maxClockSkew;
  }

  /** Whether an event time is within {@code maxClockSkew} of the time its record was written. */
  static boolean isPlausible(long occurredAtMillis, long writtenAtMillis, Duration maxClockSkew) {
    return Math.abs(occurredAtMillis - writtenAtMillis) <= maxClockSkew.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    rejected = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
    try {
      E value = topic.decode(raw.value());
      if (value instanceof Event event) {
        requirePlausibleTime(event.occurredAt(), raw.writtenAt());
      }
      mapping.map(value).ifPresent(out::collect);
    } catch (InvalidEventException | UncheckedIOException e) {
      rejected.inc();
      ctx.output(
          DEAD_LETTERS,
          new DeadLetter(
              topic.name(),
              origin,
              e.getMessage(),
              new String(raw.value(), StandardCharsets.UTF_8),
              Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }
  }

  private void requirePlausibleTime(Instant occurredAt, long writtenAtMillis) {
    if (!isPlausible(occurredAt.toEpochMilli(), writtenAtMillis, maxClockSkew)) {
      throw new InvalidEventException(
          "occurredAt "
              + occurredAt
              + " is more than "
              + maxClockSkew
              + " away from when it was written to Kafka ("
              + Instant.ofEpochMilli(writtenAtMillis)
              + ")");
    }
  }
}
