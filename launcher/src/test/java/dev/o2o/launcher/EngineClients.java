package dev.o2o.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AppTokens;
import dev.o2o.contract.Json;
import dev.o2o.contract.Offer;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Topic;
import dev.o2o.gateway.MqttLogin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The real clients a test talks to the engine with: MQTT as stores and phones, Kafka, HTTP. */
final class EngineClients implements AutoCloseable {
  private final EngineConfig config;
  private final String apiUrl;
  private final KafkaProducer<String, byte[]> producer;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<MqttAsyncClient> mqttClients = new ArrayList<>();

  EngineClients(EngineConfig config, String apiUrl) {
    this.config = config;
    this.apiUrl = apiUrl;
    this.producer =
        new KafkaProducer<>(
            config.kafka().clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Produces as the online shop or the POS would, and waits for the broker's acknowledgement. */
  <V> void produce(Topic<V> topic, V value) throws Exception {
    producer
        .send(new ProducerRecord<>(topic.name(), topic.keyOf(value), topic.encode(value)))
        .get();
  }

  void produceRaw(String topic, String key, byte[] payload) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, payload)).get();
  }

  /** An MQTT connection logged in as a store's gateway. */
  MqttAsyncClient store(String storeId) throws MqttException {
    return connect(
        "test-store-" + storeId + "-" + System.nanoTime(),
        storeId,
        config.store(storeId).orElseThrow().mqttPassword());
  }

  /** A phone logged in as the customer, collecting what arrives on its offer topic. */
  List<String> phone(String customerId) throws MqttException {
    MqttAsyncClient client =
        connect(
            "test-phone-" + customerId,
            customerId,
            AppTokens.issue(config.mqtt().customerTokenSecret(), customerId));
    List<String> received = new CopyOnWriteArrayList<>();
    client
        .subscribe(
            dev.o2o.contract.MqttTopics.offers(customerId),
            1,
            (topic, message) -> received.add(new String(message.getPayload())))
        .waitForCompletion(10_000);
    return received;
  }

  private MqttAsyncClient connect(String clientId, String user, String password)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(config.mqtt().serverUri(), clientId, new MemoryPersistence());
    MqttConnectOptions options = MqttLogin.options(config.mqtt(), user, password);
    client.connect(options).waitForCompletion(10_000);
    mqttClients.add(client);
    return client;
  }

  /** A till sale of the offer's item at its store, at the shelf price, carrying its code. */
  PosSale redeeming(Offer offer) {
    return new PosSale(
        UUID.randomUUID().toString(),
        Instant.now(),
        offer.storeId(),
        "r-" + UUID.randomUUID().toString().substring(0, 8),
        offer.sku(),
        1,
        config.catalogue().item(offer.sku()).orElseThrow().price(),
        config.catalogue().currency(),
        offer.customerId(),
        offer.code());
  }

  JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(apiUrl + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return Json.mapper().readTree(response.body());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(apiUrl + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Everything on a topic so far (committed records only). */
  <V> List<V> readAll(Topic<V> topic, Duration pollFor) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            config
                .kafka()
                .clientConfig(
                    Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed")),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name()));
      List<V> values = new ArrayList<>();
      long deadline = System.currentTimeMillis() + pollFor.toMillis();
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(topic.decode(record.value()));
        }
      }
      return values;
    }
  }

  @Override
  public void close() {
    for (MqttAsyncClient client : mqttClients) {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(2_000);
        }
        client.close();
      } catch (MqttException e) {
        // already gone
      }
    }
    producer.close();
  }
}
