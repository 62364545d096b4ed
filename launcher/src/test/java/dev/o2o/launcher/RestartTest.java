package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Json;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.Topics;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped engine started again on the same data directory continues where it was. */
class RestartTest {
  private static final String STORE = "berlin-mitte";
  private static final String SKU = "CHINO-BEIGE-32";

  @TempDir Path dataDir;

  @Test
  void restartedEngineContinuesFromItsDataDirectory() throws Exception {
    EngineConfig config = TestEngines.config(TestEngines.freePorts(dataDir));
    try (EmbeddedEngine engine = EmbeddedEngine.start(config);
        EngineClients clients = new EngineClients(config, engine.apiUrl())) {
      clients.produce(Topics.STOCK, new StockCounted(id(), Instant.now(), STORE, SKU, 10));
      // A count and a sale travel on different topics; the sale must follow the applied count.
      awaitOnHand(engine, 10);
      clients.produce(Topics.SALES, sale(3));
      awaitOnHand(engine, 7);
      // Let a checkpoint complete after the sale, so the stopped jobs retain it.
      Thread.sleep(config.engine().checkpointInterval().toMillis() * 3);
    }

    try (EmbeddedEngine engine = EmbeddedEngine.start(config);
        EngineClients clients = new EngineClients(config, engine.apiUrl())) {
      String stored =
          GeodeClient.region(engine.geode(), Regions.INVENTORY).get(StockLevel.key(SKU, STORE));
      assertThat(Json.decode(stored, StockLevel.class).onHand())
          .as("served view after restart")
          .isEqualTo(7);

      clients.produce(Topics.SALES, sale(2));
      StockLevel level = awaitOnHand(engine, 5);
      assertThat(level.version()).as("movements applied once each").isEqualTo(3);
    }
  }

  private static StockLevel awaitOnHand(EmbeddedEngine engine, long onHand)
      throws InterruptedException {
    return await(
        "on hand " + onHand,
        Duration.ofSeconds(60),
        () ->
            Optional.ofNullable(
                    GeodeClient.region(engine.geode(), Regions.INVENTORY)
                        .get(StockLevel.key(SKU, STORE)))
                .map(v -> Json.decode(v, StockLevel.class))
                .filter(l -> l.onHand() == onHand));
  }

  private static PosSale sale(int quantity) {
    return new PosSale(
        id(),
        Instant.now(),
        STORE,
        "r-" + id().substring(0, 6),
        SKU,
        quantity,
        new BigDecimal("79.90"),
        "EUR",
        null,
        null);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
