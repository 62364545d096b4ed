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
        (store, ids) ->
            assertThat(firstCopies.getOrDefault(store, List.of()))
                .as("events of %s in Kafka, in order", store)
                .containsExactlyElementsOf(ids));
    return repeats;
  }
}
