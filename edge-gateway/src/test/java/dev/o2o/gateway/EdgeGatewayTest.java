package dev.o2o.gateway;

import static dev.o2o.gateway.testing.TestConfigs.BERLIN;
import static dev.o2o.gateway.testing.TestConfigs.BERLIN_PASSWORD;
import static dev.o2o.gateway.testing.TestConfigs.HAMBURG;
import static dev.o2o.gateway.testing.TestConfigs.SHIRT;
import static dev.o2o.gateway.testing.TestConfigs.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.Event;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.Offer;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.gateway.testing.Eventually;
import dev.o2o.gateway.testing.MqttTestClient;
import dev.o2o.gateway.testing.MqttTestClient.Received;
import dev.o2o.gateway.testing.PacedMockConsumer;
import dev.o2o.gateway.testing.TestConfigs;
import dev.o2o.gateway.testing.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final TopicPartition OFFERS_0 = new TopicPartition(Topics.OFFERS.name(), 0);
  private static final AtomicInteger GATEWAYS = new AtomicInteger();

  @TempDir static Path brokerDir;
  private static EngineConfig brokerConfig;
  private static MqttBroker broker;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final PacedMockConsumer<String, byte[]> offerConsumer = new PacedMockConsumer<>();
  private EdgeGateway gateway;
  private MqttTestClient store;

  @BeforeAll
  static void startBroker() {
    brokerConfig = TestConfigs.withFreeMqttPort();
    broker = MqttBroker.start(brokerConfig, brokerDir);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void startGateway() throws Exception {
    // Each test has its own persistent session, so nothing queued for one test reaches another.
    EngineConfig config =
        TestConfigs.load(
            Map.of(
                "mqtt.port",
                Integer.toString(broker.port()),
                "mqtt.gateway.clientId",
                "gateway-" + GATEWAYS.incrementAndGet()));
    gateway = new EdgeGateway(config, registry, () -> producer, offerConsumer, Clock.systemUTC());
    gateway.connect();
    store = MqttTestClient.connect(broker.serverUri(), "store-berlin", BERLIN, BERLIN_PASSWORD);
  }

  @AfterEach
  void stopGateway() throws Exception {
    store.close();
    gateway.close();
  }

  @Test
  void forwardsAValidSaleKeyedByItsStore() throws Exception {
    PosSale sale = TestEvents.sale("e-1", BERLIN, SHIRT, Instant.now());

    publishFromBerlin(StoreChannel.SALES, TestEvents.json(sale));

    awaitRecords(Topics.SALES.name(), 1);
    ProducerRecord<String, byte[]> record = records(Topics.SALES.name()).get(0);
    assertThat(record.key()).isEqualTo(BERLIN);
    assertThat(Topics.SALES.decode(record.value())).isEqualTo(sale);
    assertThat(registry.counter(GatewayMetrics.FORWARDED, "topic", "o2o.sales").count())
        .isEqualTo(1);
    assertThat(registry.counter(GatewayMetrics.RECEIVED, "channel", "sales").count()).isEqualTo(1);
    assertThat(registry.timer(GatewayMetrics.FORWARD_LATENCY).count()).isEqualTo(1);
    assertThat(gateway.isHealthy()).isTrue();
  }

  @Test
  void forwardsBeaconSightingsKeyedByCustomer() throws Exception {
    Event sighting = TestEvents.sighting("e-1", BERLIN, "bm-entrance", Instant.now());

    publishFromBerlin(StoreChannel.BEACONS, TestEvents.json(sighting));

    awaitRecords(Topics.BEACONS.name(), 1);
    assertThat(records(Topics.BEACONS.name()).get(0).key()).isEqualTo("c-1001");
  }

  @Test
  void deadLettersInvalidMessagesWithTheirReasonAndKeepsForwarding() throws Exception {
    Instant now = Instant.now();
    PosSale first = TestEvents.sale("e-1", BERLIN, SHIRT, now);
    PosSale hamburgSale = TestEvents.sale("e-2", HAMBURG, SHIRT, now);
    PosSale last = TestEvents.sale("e-3", BERLIN, SHIRT, now);

    publishFromBerlin(StoreChannel.SALES, TestEvents.json(first));
    publishFromBerlin(StoreChannel.SALES, "{\"type\":\"pos.sale\",");
    publishFromBerlin(StoreChannel.SALES, TestEvents.json(hamburgSale));
    publishFromBerlin(StoreChannel.SALES, TestEvents.json(last));

    awaitRecords(Topics.SALES.name(), 2);
    awaitRecords(Topics.DEAD_LETTERS.name(), 2);
    assertThat(records(Topics.SALES.name()))
        .extracting(r -> Topics.SALES.decode(r.value()).eventId())
        .containsExactly("e-1", "e-3");
    List<DeadLetter> letters =
        records(Topics.DEAD_LETTERS.name()).stream()
            .map(r -> Topics.DEAD_LETTERS.decode(r.value()))
            .toList();
    String salesTopic = MqttTopics.store(BERLIN, StoreChannel.SALES);
    assertThat(letters)
        .allSatisfy(
            letter -> {
              assertThat(letter.source()).isEqualTo(salesTopic);
              assertThat(letter.origin()).isEqualTo("edge-gateway");
            });
    assertThat(letters.get(0).reason()).startsWith("not valid JSON");
    assertThat(letters.get(0).payload()).isEqualTo("{\"type\":\"pos.sale\",");
    assertThat(letters.get(1).reason())
        .isEqualTo(
            "storeId 'hamburg-jungfernstieg' does not match the topic's store 'berlin-mitte'");
    assertThat(letters.get(1).payload()).isEqualTo(TestEvents.json(hamburgSale));
    assertThat(registry.counter(GatewayMetrics.DEAD_LETTERS, "source", "mqtt").count())
        .isEqualTo(2);
  }

  @Test
  void deadLettersAnEventOfTheWrongTypeForItsChannel() throws Exception {
    Event doorCount = TestEvents.doorCount("e-1", BERLIN, Instant.now());

    publishFromBerlin(StoreChannel.SALES, TestEvents.json(doorCount));

    awaitRecords(Topics.DEAD_LETTERS.name(), 1);
    DeadLetter letter =
        Topics.DEAD_LETTERS.decode(records(Topics.DEAD_LETTERS.name()).get(0).value());
    assertThat(letter.reason()).contains("does not belong on topic o2o.sales");
    assertThat(records(Topics.DOOR_COUNTS.name())).isEmpty();
  }

  @Test
  void forwardsAnEventPublishedTwiceOnce() throws Exception {
    Instant now = Instant.now();
    String sale = TestEvents.json(TestEvents.sale("e-1", BERLIN, SHIRT, now));

    publishFromBerlin(StoreChannel.SALES, sale);
    publishFromBerlin(StoreChannel.SALES, sale);
    publishFromBerlin(
        StoreChannel.SALES, TestEvents.json(TestEvents.sale("e-2", BERLIN, SHIRT, now)));

    awaitRecords(Topics.SALES.name(), 2);
    assertThat(records(Topics.SALES.name()))
        .extracting(r -> Topics.SALES.decode(r.value()).eventId())
        .containsExactly("e-1", "e-2");
    assertThat(registry.counter(GatewayMetrics.DUPLICATES).count()).isEqualTo(1);
  }

  @Test
  void deliversAnOfferToThePhoneOnceEvenWhenReadTwice() throws Exception {
    Offer offer = offer("o-1", "c-1001");
    try (MqttTestClient phone = phone("c-1001")) {
      phone.subscribe(MqttTopics.offers("c-1001"));

      offerConsumer.schedulePollTask(
          () -> {
            offerConsumer.rebalance(List.of(OFFERS_0));
            offerConsumer.updateBeginningOffsets(Map.of(OFFERS_0, 0L));
            offerConsumer.addRecord(offerRecord(0, offer));
            offerConsumer.addRecord(offerRecord(1, offer));
          });

      Received received = phone.next(WAIT.toMillis());
      assertThat(received.topic()).isEqualTo(MqttTopics.offers("c-1001"));
      assertThat(Json.decode(received.payload(), Offer.class)).isEqualTo(offer);
      Eventually.await(WAIT, "offsets committed", () -> committedOffset() == 2);
      assertThat(phone.next(500)).isNull();
      assertThat(registry.counter(GatewayMetrics.OFFERS_DELIVERED).count()).isEqualTo(1);
      assertThat(registry.counter(GatewayMetrics.OFFERS_DUPLICATES).count()).isEqualTo(1);
    }
  }

  @Test
  void deadLettersAnUnreadableOfferAndDeliversTheNext() throws Exception {
    Offer offer = offer("o-2", "c-1001");
    try (MqttTestClient phone = phone("c-1001")) {
      phone.subscribe(MqttTopics.offers("c-1001"));

      offerConsumer.schedulePollTask(
          () -> {
            offerConsumer.rebalance(List.of(OFFERS_0));
            offerConsumer.updateBeginningOffsets(Map.of(OFFERS_0, 0L));
            offerConsumer.addRecord(
                new ConsumerRecord<>(
                    Topics.OFFERS.name(),
                    0,
                    0,
                    "c-1001",
                    "not json".getBytes(StandardCharsets.UTF_8)));
            offerConsumer.addRecord(offerRecord(1, offer));
          });

      Received received = phone.next(WAIT.toMillis());
      assertThat(Json.decode(received.payload(), Offer.class)).isEqualTo(offer);
      awaitRecords(Topics.DEAD_LETTERS.name(), 1);
      DeadLetter letter =
          Topics.DEAD_LETTERS.decode(records(Topics.DEAD_LETTERS.name()).get(0).value());
      assertThat(letter.source()).isEqualTo(Topics.OFFERS.name());
      assertThat(letter.payload()).isEqualTo("not json");
      Eventually.await(WAIT, "offsets committed", () -> committedOffset() == 2);
    }
  }

  private void publishFromBerlin(StoreChannel channel, String payload) throws Exception {
    store.publish(MqttTopics.store(BERLIN, channel), payload);
  }

  private MqttTestClient phone(String customerId) throws Exception {
    return MqttTestClient.connect(
        broker.serverUri(),
        "phone-" + customerId,
        customerId,
        AppTokens.issue(TOKEN_SECRET, customerId));
  }

  private static Offer offer(String offerId, String customerId) {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    return new Offer(
        offerId,
        customerId,
        BERLIN,
        "v-1",
        "BLAZER-NAVY-50",
        "autumn-tailoring",
        Benefit.percentOff(10),
        "CODE-" + offerId,
        "cross-sell",
        now,
        now.plus(Duration.ofHours(2)));
  }

  private static ConsumerRecord<String, byte[]> offerRecord(long offset, Offer offer) {
    return new ConsumerRecord<>(
        Topics.OFFERS.name(), 0, offset, offer.customerId(), Topics.OFFERS.encode(offer));
  }

  private long committedOffset() {
    OffsetAndMetadata committed = offerConsumer.committed(Set.of(OFFERS_0)).get(OFFERS_0);
    return committed == null ? -1 : committed.offset();
  }

  private void awaitRecords(String topic, int count) throws InterruptedException {
    Eventually.await(WAIT, count + " records on " + topic, () -> records(topic).size() >= count);
  }

  private List<ProducerRecord<String, byte[]>> records(String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
  }
}
