package dev.o2o.jobs;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.Json;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Plugs one job into Kafka and Geode: typed, event-timed input streams read from topics, and the
 * job's outputs written to topics and regions. It gathers the dead letters of every input and
 * writes them to {@link Topics#DEAD_LETTERS} once. Operator ids are derived from the job and topic
 * names, so they stay stable as long as the wiring does.
 */
final class JobWiring {
  private final StreamExecutionEnvironment env;
  private final EngineConfig config;
  private final String job;
  private final String consumerGroup;
  private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
  private final Set<String> topicsRead = new TreeSet<>();

  JobWiring(StreamExecutionEnvironment env, EngineConfig config, String job, String consumerGroup) {
    this.env = env;
    this.config = config;
    this.job = job;
    this.consumerGroup = consumerGroup;
  }

  /**
   * Reads a topic as records of {@code type}. Watermarks are made in the source, per partition, so
   * a partition that lags behind after a restart cannot make another's events late; the event time
   * is read from the raw record's {@code occurredAt} without decoding the whole event. A partition
   * with nothing to read for {@code engine.idlePartitionTimeout} stops holding the watermark back.
   */
  <E, T> DataStream<T> read(Topic<E> topic, Class<T> type, InputMapping<E, T> mapping) {
    return read(topic, type, mapping, Pacing.unaligned(config.engine().idlePartitionTimeout()));
  }

  /**
   * How one input keeps pace with the job's others in event time: after how long with nothing to
   * read a partition stops holding the watermark back, and, for the inputs of one alignment group,
   * how far ahead in event time of the group's slowest one an input may read before its reading
   * pauses.
   *
   * <p>Without alignment, inputs read from a backlog at the pace of their records, not of their
   * event time: one whose records are spread more thinly over time runs ahead, the watermark waits
   * for the slowest, and whatever waits on the watermark piles up in between. An input that falls
   * quiet must be set aside as idle before it is {@code maxDrift} behind, or it pauses the others.
   */
  record Pacing(Duration idleTimeout, String alignmentGroup, Duration maxDrift) {
    /**
     * How often the sources of an alignment group learn how far the group's slowest has read. A
     * source that reached the drift waits for the next update: while a backlog is read, a second
     * can cover minutes of event time, and updates every 100 ms had cost the 60-key bench a sixth
     * of its rate.
     */
    static final Duration ALIGNMENT_UPDATES = Duration.ofMillis(20);

    static Pacing unaligned(Duration idleTimeout) {
      return new Pacing(idleTimeout, null, Duration.ZERO);
    }

    static Pacing aligned(Duration idleTimeout, String group, Duration maxDrift) {
      if (idleTimeout.compareTo(maxDrift) > 0) {
        throw new IllegalArgumentException(
            "an idle timeout of " + idleTimeout + " is longer than the drift of " + maxDrift);
      }
      return new Pacing(idleTimeout, group, maxDrift);
    }

    boolean isAligned() {
      return alignmentGroup != null;
    }
  }

  /** Reads a topic as {@link #read(Topic, Class, InputMapping)} does, at the given pace. */
  <E, T> DataStream<T> read(
      Topic<E> topic, Class<T> type, InputMapping<E, T> mapping, Pacing pacing) {
    topicsRead.add(topic.name());
    Duration maxClockSkew = config.engine().maxClockSkew();
    WatermarkStrategy<RawRecord> watermarks =
        WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(config.engine().maxOutOfOrderness())
            .withTimestampAssigner(
                (SerializableTimestampAssigner<RawRecord>)
                    (raw, kafkaTimestamp) -> eventTimeOf(raw, kafkaTimestamp, maxClockSkew))
            .withIdleness(pacing.idleTimeout());
    if (pacing.isAligned()) {
      watermarks =
          watermarks.withWatermarkAlignment(
              job + "-" + pacing.alignmentGroup(), pacing.maxDrift(), Pacing.ALIGNMENT_UPDATES);
    }
    DataStream<RawRecord> raw =
        env.fromSource(
                KafkaConnectors.source(config, topic, consumerGroup),
                watermarks,
                "Kafka " + topic.name())
            .uid(job + "-source-" + topic.name());
    SingleOutputStreamOperator<T> parsed =
        raw.process(new ParseRecords<>(topic, job, mapping, maxClockSkew))
            .returns(TypeInformation.of(type))
            .uid(job + "-parse-" + topic.name())
            .name("Parse " + topic.name());
    deadLetters.add(parsed.getSideOutput(ParseRecords.DEAD_LETTERS));
    return parsed;
  }

  /**
   * Falls back to the Kafka record's timestamp for a payload without a readable or plausible event
   * time: such a record becomes a dead letter, and its time must not move the watermark on.
   */
  static long eventTimeOf(RawRecord raw, long kafkaTimestamp, Duration maxClockSkew) {
    return Json.occurredAt(raw.value())
        .map(Instant::toEpochMilli)
        .filter(time -> ParseRecords.isPlausible(time, kafkaTimestamp, maxClockSkew))
        .orElse(kafkaTimestamp);
  }

  /**
   * Writes in transactions, in a task of its own: at every checkpoint the writer waits for the
   * broker to take the transaction's records and then commits it, which would otherwise hold up the
   * operator producing the stream, and everything that operator feeds, for those round trips.
   */
  <V> void writeExactlyOnce(DataStream<V> stream, Topic<V> topic) {
    exactlyOnce(stream, topic).disableChaining();
  }

  /**
   * Writes a changelog, whose records each hold their key's whole current value, in transactions:
   * only each key's newest record of a checkpoint is written (see {@link LatestPerKey}), from the
   * producing operator's own task, since few records are left to pass to another.
   */
  <V> void writeChangelogExactlyOnce(DataStream<V> stream, Topic<V> topic) {
    SingleOutputStreamOperator<V> latest =
        stream
            .transform(
                "Latest per key of " + topic.name(),
                stream.getType(),
                new LatestPerKey<>(topic::keyOf))
            .uid(job + "-latest-" + topic.name());
    exactlyOnce(latest, topic);
  }

  private <V> DataStreamSink<V> exactlyOnce(DataStream<V> stream, Topic<V> topic) {
    String id = job + "-sink-" + topic.name();
    return stream
        .sinkTo(KafkaConnectors.exactlyOnceSink(config, topic, "o2o-" + id))
        .uid(id)
        .name("Kafka " + topic.name() + " (exactly once)");
  }

  <V> void writeAtLeastOnce(DataStream<V> stream, Topic<V> topic) {
    stream
        .sinkTo(KafkaConnectors.atLeastOnceSink(config, topic))
        .uid(job + "-sink-" + topic.name())
        .name("Kafka " + topic.name() + " (at least once)");
  }

  <V> void writeToGeode(DataStream<V> stream, String region, SerializableFunction<V, String> key) {
    stream
        .sinkTo(new GeodeSink<>(config.geode(), region, key))
        .uid(job + "-geode-" + region)
        .name("Geode " + region);
  }

  /** The names of the topics read so far. */
  Set<String> topicsRead() {
    return Set.copyOf(topicsRead);
  }

  /** Adds what a job's own functions turned away to the dead letters it writes. */
  void addDeadLetters(DataStream<DeadLetter> more) {
    deadLetters.add(more);
  }

  void writeDeadLetters() {
    DataStream<DeadLetter> all = deadLetters.get(0);
    for (DataStream<DeadLetter> more : deadLetters.subList(1, deadLetters.size())) {
      all = all.union(more);
    }
    writeAtLeastOnce(all, Topics.DEAD_LETTERS);
  }
}
