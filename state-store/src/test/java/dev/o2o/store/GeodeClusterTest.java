package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.FreePorts;
import dev.o2o.contract.Json;
import dev.o2o.contract.StockLevel;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.geode.cache.Region;
import org.apache.geode.cache.client.ClientCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store in the shape a distributed deployment runs it: a locator alone in one JVM and a
 * data server in another that joins it, with clients finding the server through the locator.
 */
class GeodeClusterTest {
  @TempDir Path dir;

  @Test
  void clientsReadAndWriteThroughALocatorAndASeparateServer() throws Exception {
    int locatorPort = FreePorts.pick();
    try (GeodeServerProcess locator =
            GeodeServerProcess.startLocator("localhost", locatorPort, dir.resolve("locator"));
        GeodeServerProcess server =
            GeodeServerProcess.startServer(
                "localhost",
                locatorPort,
                "localhost",
                FreePorts.pick(),
                "256m",
                dir.resolve("server"))) {
      assertThat(locator.readyLine()).contains("locator=").doesNotContain("server=");
      assertThat(server.readyLine()).contains("server=");
      ClientCache cache = GeodeClient.connect("localhost", locatorPort);
      try {
        StockLevel level =
            new StockLevel(
                "SKU-1",
                "berlin-mitte",
                5,
                1,
                0,
                4,
                4,
                4,
                4,
                2,
                Instant.parse("2026-11-23T10:00:00Z"));
        Region<String, String> inventory = GeodeClient.region(cache, Regions.INVENTORY);
        inventory.put(level.key(), Json.encodeToString(level));
        assertThat(Json.decode(inventory.get(level.key()), StockLevel.class)).isEqualTo(level);
        for (String region : Regions.ALL) {
          assertThat(GeodeClient.region(cache, region).keySetOnServer()).isNotNull();
        }
      } finally {
        GeodeClient.close();
      }
    }
  }
}
