package dev.o2o.jobs;

import dev.o2o.contract.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes values to a topic with the topic's own key and codec. */
final class TopicSerializer<V> implements KafkaRecordSerializationSchema<V> {
  private final Topic<V> topic;

  TopicSerializer(Topic<V> topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      V value, KafkaSinkContext context, Long timestamp) {
    byte[] key = topic.keyOf(value).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic.name(), key, topic.encode(value));
  }
}
