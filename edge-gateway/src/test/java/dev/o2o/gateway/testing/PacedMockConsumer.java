package dev.o2o.gateway.testing;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;

/**
 * Kafka's MockConsumer returns from an empty poll at once; this one pauses briefly, as a real
 * consumer would, so that a polling thread does not spin while a test waits.
 */
public final class PacedMockConsumer<K, V> extends MockConsumer<K, V> {
  public PacedMockConsumer() {
    super("earliest");
  }

  @Override
  public ConsumerRecords<K, V> poll(Duration timeout) {
    ConsumerRecords<K, V> records = super.poll(timeout);
    if (records.isEmpty()) {
      try {
        Thread.sleep(Math.min(timeout.toMillis(), 20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return records;
  }
}
