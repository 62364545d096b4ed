package dev.o2o.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.bench.LightClientsTest.Gateway;
import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.config.testing.TestCertificates;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.StoreChannel;
import dev.o2o.gateway.broker.MqttBroker;
import dev.o2o.launcher.EmbeddedEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over MQTT with TLS the latency run's phones and store gateways are Eclipse Paho clients. */
class BenchClientsOverTlsTest {
  @TempDir Path dir;

  @Test
  void phonesAndStoreGatewaysWorkOverTls() throws Exception {
    Map<String, String> overrides =
        new HashMap<>(EmbeddedEngine.isolatedOverrides(dir.resolve("data")));
    overrides.putAll(TestCertificates.create(dir).mqttTls());
    EngineConfig config =
        ConfigLoader.load(Path.of("../config/o2o.yaml"), ConfigLoader.DEFAULT_PROFILE, overrides);
    assertThat(config.mqtt().serverUri()).startsWith("ssl://");
    StoreConfig store = config.stores().get(0);
    String beacons = MqttTopics.store(store.id(), StoreChannel.BEACONS);
    List<String> offers = new CopyOnWriteArrayList<>();
    List<String> sightings = new CopyOnWriteArrayList<>();

    try (MqttBroker broker = MqttBroker.start(config, dir.resolve("mqtt"));
        Phones phones =
            Phones.subscribe(
                config.mqtt(),
                List.of("tls-c-1", "tls-c-2"),
                (customer, payload, nanos) ->
                    offers.add(customer + " " + new String(payload, StandardCharsets.UTF_8)));
        Gateway gateway = new Gateway(config.mqtt());
        StorePublisher storeGateway =
            StorePublisher.connect(config.mqtt(), "tls-store-gateway", store, 2)) {
      assertThat(phones).isInstanceOf(Phones.PahoPhones.class);
      assertThat(storeGateway).isInstanceOf(StorePublisher.Paho.class);
      assertThat(phones.size()).isEqualTo(2);
      gateway.subscribe(beacons, sightings);

      gateway.publish(MqttTopics.offers("tls-c-2"), "{\"offer\":1}");
      // Three publishes through a window of two: the third waits for an acknowledgement.
      for (int i = 1; i <= 3; i++) {
        storeGateway.publish(beacons, ("{\"seen\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      }
      storeGateway.awaitAcknowledged(Duration.ofSeconds(10));

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((offers.isEmpty() || sightings.size() < 3) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(offers).containsExactly("tls-c-2 {\"offer\":1}");
      assertThat(sightings).containsExactly("{\"seen\":1}", "{\"seen\":2}", "{\"seen\":3}");
      assertThat(phones.lost()).isZero();
    }
  }
}
