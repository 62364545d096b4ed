package dev.o2o.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * A store's gateway publishing till sales over MQTT at QoS 1 on a thread of its own, one after
 * another at a steady pace, each only after the broker acknowledged the previous one; it keeps the
 * ids in the order they were published.
 */
public final class StorePublisher implements AutoCloseable {
  private final MqttTestClient client;
  private final String storeId;
  private final long pauseMillis;
  private final List<String> published = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  public StorePublisher(String serverUri, String storeId, String password, long pauseMillis)
      throws Exception {
    this.client = MqttTestClient.connect(serverUri, "store-" + storeId, storeId, password);
    this.storeId = storeId;
    this.pauseMillis = pauseMillis;
    this.thread = new Thread(this::run, "publisher-" + storeId);
  }

  public StorePublisher start() {
    thread.start();
    return this;
  }

  private void run() {
    String topic = MqttTopics.store(storeId, StoreChannel.SALES);
    try {
      for (int i = 0; running; i++) {
        String id = storeId + "-" + i;
        String sale =
            TestEvents.json(TestEvents.sale(id, storeId, TestConfigs.SHIRT, Instant.now()));
        while (true) {
          try {
            client.publish(topic, sale, 30_000);
            break;
          } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
              throw e;
            }
            // Paho still counts acknowledged publishes for a moment; this one was not sent.
            Thread.sleep(5);
          }
        }
        published.add(id);
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failure = e;
    }
  }

  public int count() {
    return published.size();
  }

  /** Stops publishing and returns what was published, in order. */
  public List<String> stop() throws InterruptedException {
    running = false;
    thread.join(60_000);
    if (failure != null) {
      throw new AssertionError("publishing for " + storeId + " failed", failure);
    }
    return List.copyOf(published);
  }

  @Override
  public void close() throws Exception {
    running = false;
    thread.join(60_000);
    client.close();
  }

  /**
   * Checks what reached Kafka's sales topic against what each store published: every event, and the
   * first copy of each in the order its store published them. A repeat must be the same event (same
   * id and bytes), which the jobs drop by event id. Returns the number of repeats.
   */
  public static int assertDeliveredInOrder(
      List<ConsumerRecord<String, byte[]>> records, Map<String, List<String>> publishedByStore) {
    return assertDelivered(records, publishedByStore, 0);
  }

  /**
   * As {@link #assertDeliveredInOrder}, except that the first copy of an event may sit up to {@code
   * maxDisplacement} places from where its store published it (and no further): what an MQTT
   * broker's redelivery of its unacknowledged window may do to the order.
   */
  public static int assertDelivered(
      List<ConsumerRecord<String, byte[]>> records,
      Map<String, List<String>> publishedByStore,
      int maxDisplacement) {
    Map<String, List<String>> firstCopies = new HashMap<>();
    Map<String, byte[]> payloads = new LinkedHashMap<>();
    int repeats = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      assertThat(record.topic()).isEqualTo(Topics.SALES.name());
      String id = Topics.SALES.decode(record.value()).eventId();
      byte[] earlier = payloads.putIfAbsent(id, record.value());
      if (earlier != null) {
        assertThat(Arrays.equals(earlier, record.value()))
            .as("repeat of %s is the same", id)
            .isTrue();
        repeats++;
      } else {
        firstCopies.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(id);
      }
    }
    publishedByStore.forEach(
        (store, ids) -> {
          List<String> delivered = firstCopies.getOrDefault(store, List.of());
          String description =
              String.format(
                  "events of %s in Kafka; first copies by sequence number: %s",
                  store, runs(delivered));
          if (maxDisplacement == 0) {
            assertThat(delivered).as(description).containsExactlyElementsOf(ids);
            return;
          }
          assertThat(delivered).as(description).containsExactlyInAnyOrderElementsOf(ids);
          Map<String, Integer> publishedAt = new HashMap<>();
          for (int i = 0; i < ids.size(); i++) {
            publishedAt.put(ids.get(i), i);
          }
          for (int i = 0; i < delivered.size(); i++) {
            assertThat(Math.abs(publishedAt.get(delivered.get(i)) - i))
                .as("%s: how far %s is from its place", description, delivered.get(i))
                .isLessThanOrEqualTo(maxDisplacement);
          }
        });
    return repeats;
  }

  /** Event ids "store-N" as runs of consecutive sequence numbers, e.g. "66..2194, 0..65". */
  static String runs(List<String> ids) {
    StringBuilder runs = new StringBuilder();
    long start = -1;
    long previous = -1;
    for (String id : ids) {
      long n = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
      if (start >= 0 && n == previous + 1) {
        previous = n;
        continue;
      }
      appendRun(runs, start, previous);
      start = n;
      previous = n;
    }
    appendRun(runs, start, previous);
    return runs.toString();
  }

  private static void appendRun(StringBuilder runs, long start, long end) {
    if (start < 0) {
      return;
    }
    if (runs.length() > 0) {
      runs.append(", ");
    }
    runs.append(start == end ? Long.toString(start) : start + ".." + end);
  }
}
