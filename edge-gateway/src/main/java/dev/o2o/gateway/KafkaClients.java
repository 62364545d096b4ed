package dev.o2o.gateway;

import dev.o2o.config.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway's Kafka clients. The producer is idempotent and waits for all in-sync replicas, so a
 * retried send neither duplicates nor reorders a store's events; the consumer commits by hand,
 * after the offers it read were published.
 */
final class KafkaClients {
  static final String CLIENT_ID = "o2o-edge-gateway";

  private KafkaClients() {}

  /**
   * The store events' producer. It retries without a deadline, so that it never fails a record
   * while a later one of the same partition succeeds: the gateway itself decides, after {@code
   * kafkaTimeout}, that Kafka is away, closes the producer and spools (see {@link KafkaForwarder}).
   * A send waits at most {@code kafkaTimeout} for metadata or buffer space.
   *
   * <p>One request in flight at a time: a broker checks the sequence numbers of a producer it
   * already knows, but takes the first batch of a new producer id whatever its number. With several
   * requests in flight, a fresh producer whose first batch of a partition was refused for a moment
   * (the partition's leader not ready yet, as just after a broker starts) could have its second
   * batch written first, and each producer the gateway makes after a failure would get that chance
   * again. A store's events would then reach Kafka out of order. With one request in flight, a
   * partition's next batch leaves only once the one before it was written.
   */
  static Producer<String, byte[]> producer(KafkaSettings kafka, Duration kafkaTimeout) {
    return new KafkaProducer<>(
        kafka.clientConfig(
            Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Integer.MAX_VALUE,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                kafkaTimeout.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG,
                CLIENT_ID,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1,
                // A store message waits for this send before the broker may send the next one, so
                // lingering would add to every message's wait; batches still form while sends are
                // in flight.
                ProducerConfig.LINGER_MS_CONFIG,
                0)),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  static Consumer<String, byte[]> offerConsumer(KafkaSettings kafka) {
    return new KafkaConsumer<>(
        kafka.clientConfig(
            Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                CLIENT_ID + "-offers",
                ConsumerConfig.GROUP_ID_CONFIG,
                EdgeGateway.OFFER_CONSUMER_GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                500)),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }
}
