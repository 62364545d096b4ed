package dev.o2o.gateway;

import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.Offer;
import dev.o2o.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers from Kafka to customers' phones, on a thread of its own. Each offer is published at QoS 1
 * to its customer's topic; a batch's offsets are committed only after every publish in it
 * completed, and a batch that did not complete is read again. Offers arrive at-least-once with a
 * stable id, so an offer id delivered recently is not published again.
 */
final class OfferDelivery implements AutoCloseable {
  /** Publishes a payload at QoS 1, not retained; completes when the broker acknowledged it. */
  @FunctionalInterface
  interface Publisher {
    CompletableFuture<Void> publish(String topic, byte[] payload);
  }

  private static final Logger LOG = LoggerFactory.getLogger(OfferDelivery.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);

  private final Consumer<String, byte[]> consumer;
  private final Publisher publisher;
  private final KafkaForwarder forwarder;
  private final RecentIds recentOffers;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final Thread thread;
  private volatile boolean running = true;
  private boolean started;

  OfferDelivery(
      Consumer<String, byte[]> consumer,
      Publisher publisher,
      KafkaForwarder forwarder,
      RecentIds recentOffers,
      GatewayMetrics metrics,
      Clock clock) {
    this.consumer = consumer;
    this.publisher = publisher;
    this.forwarder = forwarder;
    this.recentOffers = recentOffers;
    this.metrics = metrics;
    this.clock = clock;
    this.thread = new Thread(this::run, "o2o-offer-delivery");
  }

  void start() {
    started = true;
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.OFFERS.name()));
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty()) {
          deliver(records);
        }
      }
    } catch (WakeupException | InterruptException e) {
      if (running) {
        LOG.error("offer delivery stopped unexpectedly", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("offer delivery stopped", e);
    } finally {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
  }

  private void deliver(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    List<CompletableFuture<?>> pending = new ArrayList<>();
    records.forEach(record -> pending.add(deliver(record)));
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("offers not delivered yet; reading the batch again", e);
      rewind(records);
      Thread.sleep(RETRY_BACKOFF.toMillis());
      return;
    }
    try {
      consumer.commitSync(nextOffsets(records));
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("cannot commit delivered offers; they may be delivered again", e);
    }
  }

  private CompletableFuture<?> deliver(ConsumerRecord<String, byte[]> record) {
    Offer offer;
    try {
      offer = Topics.OFFERS.decode(record.value());
      requireDeliverable(offer);
    } catch (RuntimeException e) {
      return deadLetter(record, e);
    }
    CompletableFuture<Void> publishing = new CompletableFuture<>();
    var earlier = recentOffers.claim(offer.offerId(), publishing);
    if (earlier.isPresent()) {
      metrics.offerDuplicate();
      return earlier.get();
    }
    publisher
        .publish(MqttTopics.offers(offer.customerId()), Topics.OFFERS.encode(offer))
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                metrics.offerDelivered();
                publishing.complete(null);
              } else {
                publishing.completeExceptionally(error);
              }
            });
    return publishing;
  }

  private static void requireDeliverable(Offer offer) {
    if (offer == null || offer.offerId() == null || offer.offerId().isEmpty()) {
      throw new IllegalArgumentException("offerId is required");
    }
    String customerId = offer.customerId();
    if (customerId == null
        || customerId.isEmpty()
        || customerId.chars().anyMatch(c -> c == '/' || c == '+' || c == '#')) {
      throw new IllegalArgumentException("customerId '" + customerId + "' cannot name a topic");
    }
  }

  private CompletableFuture<?> deadLetter(ConsumerRecord<String, byte[]> record, Exception e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    DeadLetter letter =
        new DeadLetter(
            record.topic(),
            StoreIngest.ORIGIN,
            reason,
            record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8),
            clock.instant());
    return forwarder
        .forward(Topics.DEAD_LETTERS, letter)
        .thenRun(() -> metrics.deadLettered(GatewayMetrics.SOURCE_KAFKA));
  }

  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      consumer.seek(partition, records.records(partition).get(0).offset());
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
      ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      offsets.put(
          partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** Whether offers are being delivered; false once the delivery thread stopped. */
  boolean isAlive() {
    return thread.isAlive();
  }

  /** Stops after the batch in hand; a batch still waiting for the broker is abandoned. */
  @Override
  public void close() {
    running = false;
    if (!started) {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(STOP_GRACE.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(CLOSE_TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
