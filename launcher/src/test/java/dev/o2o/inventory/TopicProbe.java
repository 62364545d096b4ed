package dev.o2o.inventory;

import dev.o2o.contract.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks at topics from outside the engine, as a downstream reader would: where each partition ends
 * for a reader of committed records and for one that also sees open transactions, how far a
 * consumer group has committed, and every committed record.
 */
final class TopicProbe implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final Admin admin;

  TopicProbe(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Whether the topic holds records of a transaction that is neither committed nor aborted. */
  boolean hasOpenTransaction(Topic<?> topic) throws ExecutionException, InterruptedException {
    return !ends(topic, IsolationLevel.READ_UNCOMMITTED)
        .equals(ends(topic, IsolationLevel.READ_COMMITTED));
  }

  /**
   * Whether a transaction that began after {@code since} and is still being written, so neither
   * committing nor aborting, holds records of the topic.
   */
  boolean hasOngoingTransaction(Topic<?> topic, Instant since)
      throws ExecutionException, InterruptedException {
    List<String> ongoing =
        admin
            .listTransactions(
                new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
            .all()
            .get()
            .stream()
            .map(TransactionListing::transactionalId)
            .toList();
    return admin.describeTransactions(ongoing).all().get().values().stream()
        .anyMatch(
            transaction ->
                transaction.state() == TransactionState.ONGOING
                    && transaction.transactionStartTimeMs().orElse(0) > since.toEpochMilli()
                    && transaction.topicPartitions().stream()
                        .anyMatch(partition -> partition.topic().equals(topic.name())));
  }

  /** Whether any record of the topic is visible to a reader of committed records. */
  boolean hasCommittedRecords(Topic<?> topic) throws ExecutionException, InterruptedException {
    return ends(topic, IsolationLevel.READ_COMMITTED).values().stream().anyMatch(end -> end > 0);
  }

  /** Whether the group has committed the end of every partition of the topics as its offset. */
  boolean consumedAll(String groupId, List<Topic<?>> topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    for (Topic<?> topic : topics) {
      for (Map.Entry<TopicPartition, Long> end :
          ends(topic, IsolationLevel.READ_UNCOMMITTED).entrySet()) {
        OffsetAndMetadata offset = committed.get(end.getKey());
        if ((offset == null ? 0 : offset.offset()) < end.getValue()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Every record of the topic a reader with the given isolation sees, partition by partition, each
   * in the order written: only committed ones, or also those of open and aborted transactions.
   */
  <V> List<V> read(Topic<V> topic, IsolationLevel isolation)
      throws ExecutionException, InterruptedException {
    List<TopicPartition> partitions = partitions(topic);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.name().toLowerCase(Locale.ROOT)),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, List<V>> records =
          partitions.stream().collect(Collectors.toMap(p -> p, p -> new ArrayList<>()));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic.name() + " up to " + ends + " in " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          records
              .get(new TopicPartition(record.topic(), record.partition()))
              .add(topic.decode(record.value()));
        }
      }
      return partitions.stream().flatMap(p -> records.get(p).stream()).toList();
    }
  }

  private Map<TopicPartition, Long> ends(Topic<?> topic, IsolationLevel isolation)
      throws ExecutionException, InterruptedException {
    return admin
        .listOffsets(
            partitions(topic).stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())),
            new ListOffsetsOptions(isolation))
        .all()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private List<TopicPartition> partitions(Topic<?> topic)
      throws ExecutionException, InterruptedException {
    int count =
        admin
            .describeTopics(List.of(topic.name()))
            .allTopicNames()
            .get()
            .get(topic.name())
            .partitions()
            .size();
    return IntStream.range(0, count).mapToObj(i -> new TopicPartition(topic.name(), i)).toList();
  }

  @Override
  public void close() {
    admin.close();
  }
}
