package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.Json;
import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreCreditTotals.RoleTotal;
import dev.o2o.store.api.ServingApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.geode.cache.client.ClientCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store manager's credit view through the real API: a Geode server in a child JVM holds the
 * totals as the inventory job writes them (contract JSON keyed by store id).
 */
class StoreCreditsApiTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:15:42Z");

  @TempDir static Path dir;

  private static GeodeServerProcess server;
  private static ClientCache cache;
  private static ServingApi api;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStateStore() throws IOException {
    GeodeSettings settings = new GeodeSettings("localhost", freePort(), freePort(), "256m");
    server = GeodeServerProcess.start(settings, dir.resolve("geode"));
    cache = GeodeClient.connect(settings.locatorHost(), settings.locatorPort());
    EngineConfig config =
        ConfigLoader.load(
            Path.of("../config/o2o.yaml"),
            "embedded",
            Map.of("http.host", "127.0.0.1", "http.port", "0"));
    api = ServingApi.start(config, cache, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @AfterAll
  static void stopStateStore() {
    if (api != null) {
      api.close();
    }
    GeodeClient.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void showsTheStoredTotalsAndLatestCreditsUnderTheStoresName() throws Exception {
    StoreCredit pickup = credit("o-1", Role.PICKUP, null, "119.80");
    StoreCredit assisted = credit("o-2", Role.ASSOCIATE, "assoc-7", "229.00");
    StoreCreditTotals totals =
        new StoreCreditTotals(
            "hamburg-jungfernstieg",
            List.of(
                new RoleTotal(Role.PICKUP, "EUR", new BigDecimal("119.80"), 1, 1),
                new RoleTotal(Role.FULFILMENT, "EUR", BigDecimal.ZERO, 0, 0),
                new RoleTotal(Role.INFLUENCE, "EUR", BigDecimal.ZERO, 0, 0),
                new RoleTotal(Role.ASSOCIATE, "EUR", new BigDecimal("229.00"), 1, 1)),
            List.of(assisted, pickup),
            NOW);
    GeodeClient.region(cache, Regions.STORE_CREDITS)
        .put("hamburg-jungfernstieg", Json.encodeToString(totals));

    JsonNode body = getJson("/api/stores/hamburg-jungfernstieg/credits", 200);

    assertThat(body.get("storeId").asText()).isEqualTo("hamburg-jungfernstieg");
    assertThat(body.get("name").asText()).isEqualTo("Hamburg Jungfernstieg");
    assertThat(body.at("/roles/0/role").asText()).isEqualTo("pickup");
    assertThat(body.at("/roles/0/amount").asText()).isEqualTo("119.80");
    assertThat(body.at("/roles/0/units").asLong()).isEqualTo(1);
    assertThat(body.at("/roles/3/role").asText()).isEqualTo("associate");
    assertThat(body.at("/roles/3/lines").asLong()).isEqualTo(1);
    assertThat(body.at("/recent/0/associateId").asText()).isEqualTo("assoc-7");
    assertThat(body.at("/recent/1/eventId").asText()).isEqualTo(pickup.eventId());
    assertThat(body.get("updatedAt").asText()).isEqualTo(NOW.toString());
    assertThat(Json.decode(Json.mapper().writeValueAsString(body), StoreCreditTotals.class))
        .isEqualTo(totals);
  }

  @Test
  void aStoreWithoutCreditsShowsEveryRoleAtZeroInTheCatalogueCurrency() throws Exception {
    JsonNode body = getJson("/api/stores/vienna-mariahilf/credits", 200);

    assertThat(body.get("storeId").asText()).isEqualTo("vienna-mariahilf");
    assertThat(body.get("roles")).hasSize(Role.values().length);
    for (JsonNode role : body.get("roles")) {
      assertThat(role.get("currency").asText()).isEqualTo("EUR");
      assertThat(new BigDecimal(role.get("amount").asText())).isZero();
      assertThat(role.get("lines").asLong()).isZero();
    }
    assertThat(body.get("recent")).isEmpty();
    assertThat(body.has("updatedAt")).isFalse();
  }

  @Test
  void anUnknownStoreOrTheWarehouseIsNotFoundWithAJsonError() throws Exception {
    assertThat(getJson("/api/stores/atlantis/credits", 404).get("error").asText())
        .isEqualTo("store 'atlantis' is not configured");
    assertThat(getJson("/api/stores/online-dc/credits", 404).get("error").asText())
        .contains("online-dc");
  }

  private static StoreCredit credit(String orderId, Role role, String associateId, String amount) {
    return new StoreCredit(
        orderId + ":BLAZER-NAVY-50:hamburg-jungfernstieg:1:" + role,
        NOW,
        orderId,
        "c-1",
        "hamburg-jungfernstieg",
        role,
        associateId,
        "BLAZER-NAVY-50",
        1,
        new BigDecimal(amount),
        "EUR");
  }

  private static JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of " + path).isEqualTo(expectedStatus);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    return Json.mapper().readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
