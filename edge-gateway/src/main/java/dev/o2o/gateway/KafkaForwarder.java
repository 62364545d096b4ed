package dev.o2o.gateway;

import dev.o2o.contract.Topic;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The one path by which the gateway writes to Kafka: a value goes to its topic under the topic's
 * key and encoding, and the returned future completes when Kafka acknowledged it. A spool that
 * keeps records on disk while Kafka is unreachable belongs here, behind this same method.
 */
final class KafkaForwarder implements AutoCloseable {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Producer<String, byte[]> producer;

  KafkaForwarder(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  <V> CompletableFuture<RecordMetadata> forward(Topic<V> topic, V value) {
    CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
    try {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(topic.name(), topic.keyOf(value), topic.encode(value));
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              acknowledged.complete(metadata);
            } else {
              acknowledged.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      acknowledged.completeExceptionally(e);
    }
    return acknowledged;
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
