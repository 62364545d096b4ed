package dev.o2o.jobs;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Topic;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka sources and sinks built from the {@link Topic} contract. Sources read only committed
 * records, so a job never sees output another job later aborted. State outputs are written in
 * transactions committed with each checkpoint; latency-critical outputs are written at once, at
 * least once, and readers drop repeats by their stable ids.
 */
public final class KafkaConnectors {
  /**
   * How long an open transaction may wait for its checkpoint; the broker's default ceiling ({@code
   * transaction.max.timeout.ms}) is 15 minutes, and the sink's own default of one hour is refused
   * by it.
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  private KafkaConnectors() {}

  /** Raw records of a topic, from the group's committed offsets, else from the beginning. */
  public static KafkaSource<RawRecord> source(EngineConfig config, Topic<?> topic, String groupId) {
    KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder();
    config.kafka().security().clientProperties().forEach(builder::setProperty);
    return builder
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setTopics(topic.name())
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .setClientIdPrefix(groupId + "-" + topic.name())
        .setDeserializer(new RawRecordDeserializer())
        .build();
  }

  /**
   * A sink whose records become visible when the checkpoint that covers them completes. The prefix
   * must be unique per job and sink, or two writers would fence each other.
   */
  public static <V> KafkaSink<V> exactlyOnceSink(
      EngineConfig config, Topic<V> topic, String transactionalIdPrefix) {
    return KafkaConnectors.<V>sinkBuilder(config)
        .setRecordSerializer(new TopicSerializer<>(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty(
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
        .build();
  }

  /** A sink that sends each record at once and retries until the broker acknowledged it. */
  public static <V> KafkaSink<V> atLeastOnceSink(EngineConfig config, Topic<V> topic) {
    return KafkaConnectors.<V>sinkBuilder(config)
        .setRecordSerializer(new TopicSerializer<>(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, "0")
        .build();
  }

  /** A sink builder for the configured brokers, with the configured security settings. */
  private static <V> KafkaSinkBuilder<V> sinkBuilder(EngineConfig config) {
    KafkaSinkBuilder<V> builder = KafkaSink.<V>builder();
    config.kafka().security().clientProperties().forEach(builder::setProperty);
    return builder.setBootstrapServers(config.kafka().bootstrapServers());
  }
}
