package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.geode.cache.Region;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store gateway and the online systems send well over a thousand malformed or hostile payloads,
 * over MQTT and Kafka, between valid sales and deliveries and repeats of them. Every hostile
 * payload must end in the dead-letter topic with a reason and be counted in the metrics, every
 * valid event must count exactly once, and the engine must keep serving.
 *
 * <p>Each hostile payload carries a marker {@code h-<n>} (as its event id where it has one), so
 * that its dead letter can be found again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String STORE = "vienna-mariahilf";
  private static final String OTHER_STORE = "berlin-mitte";
  private static final String SKU = "JEANS-SLIM-32";
  private static final int START_ON_HAND = 10_000;
  private static final int VALID_SALES = 200;
  private static final int VALID_DELIVERIES = 100;
  private static final int UNITS_PER_DELIVERY = 3;
  private static final int HOSTILE_PER_VALID = 3;
  private static final Pattern MARKER = Pattern.compile("h-(\\d+)(?!\\d)");

  private EngineConfig config;
  private EmbeddedEngine engine;
  private EngineClients clients;

  /** A hostile payload and a word its dead letter's reason must contain. */
  private record Hostile(int marker, String payload, String reasonContains) {}

  @BeforeAll
  void startEngine(@TempDir Path dataDir) throws Exception {
    config = TestEngines.config(TestEngines.freePorts(dataDir));
    engine = EmbeddedEngine.start(config);
    clients = new EngineClients(config, engine.apiUrl());
  }

  @AfterAll
  void stopEngine() {
    if (clients != null) {
      clients.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void everyHostilePayloadIsDeadLetteredWithItsReasonAndEveryValidEventCountsOnce()
      throws Exception {
    clients.produceRaw(
        Topics.STOCK.name(),
        SKU,
        utf8(
            "{\"type\":\"stock.counted\",\"eventId\":\"v-count\",\"occurredAt\":\""
                + Instant.now()
                + "\",\"locationId\":\""
                + STORE
                + "\",\"sku\":\""
                + SKU
                + "\",\"onHand\":"
                + START_ON_HAND
                + "}"));
    awaitOnHand(START_ON_HAND);

    MqttAsyncClient gateway = clients.store(STORE);
    String sales = MqttTopics.store(STORE, StoreChannel.SALES);
    List<Hostile> overMqtt = new ArrayList<>();
    List<Hostile> overKafka = new ArrayList<>();
    int marker = 0;
    List<String> validSales = new ArrayList<>();
    List<String> validDeliveries = new ArrayList<>();
    for (int i = 0; i < VALID_SALES; i++) {
      String sale = sale("v-sale-" + i, Instant.now(), STORE, SKU, "1");
      validSales.add(sale);
      publish(gateway, sales, sale);
      for (int h = 0; h < HOSTILE_PER_VALID; h++) {
        Hostile hostile = hostileStoreMessage(marker++);
        overMqtt.add(hostile);
        publish(gateway, sales, hostile.payload());
      }
      if (i % 4 == 0) {
        publish(gateway, sales, validSales.get(i / 2));
      }
      if (i % 2 == 0) {
        String delivery = delivery("v-delivery-" + i / 2, Instant.now(), STORE, SKU, 3);
        validDeliveries.add(delivery);
        clients.produceRaw(Topics.STOCK.name(), SKU, utf8(delivery));
        for (int h = 0; h < 2 * HOSTILE_PER_VALID; h++) {
          Hostile hostile = hostileStockRecord(marker++);
          overKafka.add(hostile);
          clients.produceRaw(Topics.STOCK.name(), SKU, utf8(hostile.payload()));
        }
        if (i % 8 == 0) {
          clients.produceRaw(Topics.STOCK.name(), SKU, utf8(validDeliveries.get(i / 4)));
        }
      }
    }
    assertThat(overMqtt.size() + overKafka.size()).isGreaterThanOrEqualTo(1_000);

    String last = sale("v-sale-last", Instant.now(), STORE, SKU, "1");
    publish(gateway, sales, last);
    long expected = START_ON_HAND - VALID_SALES - 1 + VALID_DELIVERIES * UNITS_PER_DELIVERY;
    awaitOnHand(expected);

    Map<Integer, List<DeadLetter>> lettersByMarker = awaitDeadLetters(overMqtt, overKafka);
    for (Hostile hostile : overMqtt) {
      assertThat(lettersByMarker.get(hostile.marker()))
          .as("dead letters of %s", hostile.payload())
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.origin()).isEqualTo("edge-gateway");
                assertThat(letter.source()).isEqualTo(sales);
                assertThat(letter.reason()).contains(hostile.reasonContains());
              });
    }
    for (Hostile hostile : overKafka) {
      assertThat(lettersByMarker.get(hostile.marker()))
          .as("dead letters of %s", hostile.payload())
          .isNotEmpty()
          .allSatisfy(
              letter -> {
                assertThat(letter.source()).isEqualTo(Topics.STOCK.name());
                assertThat(letter.reason()).contains(hostile.reasonContains());
              });
    }

    // Repeats of valid events were dropped, not counted and not dead-lettered; the count stays.
    Thread.sleep(config.engine().checkpointInterval().toMillis() * 2);
    assertThat(onHand()).isEqualTo(expected);

    String metrics = clients.get("/metrics").body();
    assertThat(counter(metrics, "o2o_gateway_dead_letters_total", "source=\"mqtt\""))
        .isEqualTo(overMqtt.size());
    assertThat(counter(metrics, "o2o_gateway_duplicates_total", "")).isEqualTo(VALID_SALES / 4.0);
    assertThat(counter(metrics, "o2o_dead_letters_total", "source=\"o2o.stock\""))
        .isGreaterThanOrEqualTo(overKafka.size());
    assertThat(clients.get("/ready").statusCode()).isEqualTo(200);
  }

  /** A store message that the gateway must refuse, one kind after another. */
  private Hostile hostileStoreMessage(int n) {
    String id = "h-" + n;
    Instant now = Instant.now();
    return switch (n % 12) {
      case 0 -> new Hostile(n, "{\"type\":\"pos.sale\",\"eventId\":\"" + id + "\",", "JSON");
      case 1 -> new Hostile(n, id + " \u0000\u0001 not an event", "JSON");
      case 2 -> new Hostile(n, sale(id, now, STORE, SKU, "\"one\""), "quantity");
      case 3 -> new Hostile(n, sale("", now, STORE, SKU, "1").replace("r-1", id), "eventId");
      case 4 -> new Hostile(n, sale(id, now, STORE, SKU, "-5"), "quantity");
      case 5 -> new Hostile(n, sale(id, now, STORE, SKU, "10000000"), "quantity");
      case 6 -> new Hostile(n, sale(id, now, STORE, "NO-SUCH-SKU", "1"), "not in the catalogue");
      case 7 -> new Hostile(n, sale(id, now.plus(Duration.ofDays(400)), STORE, SKU, "1"), "away");
      case 8 -> new Hostile(n, sale(id, now.minus(Duration.ofDays(400)), STORE, SKU, "1"), "away");
      case 9 -> new Hostile(n, oversize(sale(id, now, STORE, SKU, "1")), "bytes");
      case 10 ->
          new Hostile(n, sale(id, now, OTHER_STORE, SKU, "1"), "does not match the topic's store");
      default -> new Hostile(n, delivery(id, now, STORE, SKU, 1), "does not belong on topic");
    };
  }

  /** A stock record that the inventory job must refuse, one kind after another. */
  private Hostile hostileStockRecord(int n) {
    String id = "h-" + n;
    Instant now = Instant.now();
    return switch (n % 10) {
      case 0 -> new Hostile(n, "{\"type\":\"stock.received\",\"eventId\":\"" + id + "\"", "JSON");
      case 1 ->
          new Hostile(
              n,
              delivery(id, now, STORE, SKU, 1).replace("\"quantity\":1", "\"quantity\":\"lots\""),
              "quantity");
      case 2 -> new Hostile(n, delivery(id, now, STORE, SKU, -3), "quantity");
      case 3 -> new Hostile(n, delivery(id, now, "atlantis", SKU, 1), "atlantis");
      case 4 -> new Hostile(n, delivery(id, now, STORE, "NO-SUCH-SKU", 1), "not in the catalogue");
      case 5 -> new Hostile(n, delivery(id, now.plus(Duration.ofDays(30)), STORE, SKU, 1), "away");
      case 6 -> new Hostile(n, delivery(id, now.minus(Duration.ofDays(30)), STORE, SKU, 1), "away");
      case 7 -> new Hostile(n, oversize(delivery(id, now, STORE, SKU, 1)), "bytes");
      case 8 -> new Hostile(n, sale(id, now, STORE, SKU, "1"), "does not belong on topic");
      default ->
          new Hostile(
              n,
              delivery("", now, STORE, SKU, 1)
                  .replace("\"sku\"", "\"note\":\"" + id + "\",\"sku\""),
              "eventId");
    };
  }

  private static String sale(String id, Instant at, String store, String sku, String quantity) {
    return "{\"type\":\"pos.sale\",\"eventId\":\""
        + id
        + "\",\"occurredAt\":\""
        + at
        + "\",\"storeId\":\""
        + store
        + "\",\"receiptId\":\"r-1\",\"sku\":\""
        + sku
        + "\",\"quantity\":"
        + quantity
        + ",\"unitPrice\":\"89.90\",\"currency\":\"EUR\"}";
  }

  private static String delivery(String id, Instant at, String location, String sku, int units) {
    return "{\"type\":\"stock.received\",\"eventId\":\""
        + id
        + "\",\"occurredAt\":\""
        + at
        + "\",\"locationId\":\""
        + location
        + "\",\"sku\":\""
        + sku
        + "\",\"quantity\":"
        + units
        + "}";
  }

  /** The event with a field that makes it larger than an event may be. */
  private static String oversize(String event) {
    return event.substring(0, event.length() - 1) + ",\"note\":\"" + "x".repeat(100_000) + "\"}";
  }

  private void publish(MqttAsyncClient gateway, String topic, String payload) throws Exception {
    gateway.publish(topic, utf8(payload), 1, false).waitForCompletion(10_000);
  }

  private Map<Integer, List<DeadLetter>> awaitDeadLetters(
      List<Hostile> overMqtt, List<Hostile> overKafka) throws InterruptedException {
    Set<Integer> markers = new TreeSet<>();
    overMqtt.forEach(h -> markers.add(h.marker()));
    overKafka.forEach(h -> markers.add(h.marker()));
    return await(
        "a dead letter for each of " + markers.size() + " hostile payloads",
        WAIT,
        () -> {
          Map<Integer, List<DeadLetter>> byMarker = new HashMap<>();
          for (DeadLetter letter : clients.readAll(Topics.DEAD_LETTERS, Duration.ofSeconds(2))) {
            Matcher matcher = MARKER.matcher(letter.payload());
            if (matcher.find()) {
              byMarker
                  .computeIfAbsent(Integer.parseInt(matcher.group(1)), m -> new ArrayList<>())
                  .add(letter);
            }
          }
          return byMarker.keySet().containsAll(markers) ? Optional.of(byMarker) : Optional.empty();
        });
  }

  private long onHand() {
    Region<String, String> inventory = GeodeClient.region(engine.geode(), Regions.INVENTORY);
    return Optional.ofNullable(inventory.get(StockLevel.key(SKU, STORE)))
        .map(v -> dev.o2o.contract.Json.decode(v, StockLevel.class).onHand())
        .orElse(-1L);
  }

  private void awaitOnHand(long units) throws InterruptedException {
    await(
        "on hand of " + SKU + " at " + STORE + " reaching " + units,
        WAIT,
        () -> onHand() == units ? Optional.of(units) : Optional.empty());
  }

  /** The sum of a Prometheus counter's samples whose labels contain {@code labels}. */
  private static double counter(String metrics, String name, String labels) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> line.contains(labels))
        .collect(
            Collectors.summingDouble(
                line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
