package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.FreePorts;
import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.CampaignStats;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import dev.o2o.contract.Offer;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.store.api.ServingApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.geode.cache.Region;
import org.apache.geode.cache.client.ClientCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store end to end: a real Geode server in a child JVM, this JVM as its client, the HTTP
 * API on an ephemeral port. Records are written as the Flink jobs write them (contract JSON) and
 * read back through the API, the live stream, and a restart of the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateStoreIntegrationTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:15:42Z");
  private static final String SKU = "SHIRT-OXF-WHT-M";
  private static final String STORE = "berlin-mitte";

  @TempDir static Path dir;

  private static GeodeSettings settings;
  private static GeodeServerProcess server;
  private static ClientCache cache;
  private static EngineConfig config;
  private static ServingApi api;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStateStore() throws IOException {
    // Other test classes share a server of their own; this one restarts its server.
    GeodeClient.close();
    settings = new GeodeSettings("localhost", FreePorts.pick(), FreePorts.pick(), "256m");
    server = GeodeServerProcess.start(settings, dir.resolve("geode"));
    cache = GeodeClient.connect(settings.locatorHost(), settings.locatorPort());
    config =
        ConfigLoader.load(
            Path.of("../config/o2o.yaml"),
            "embedded",
            Map.of("http.host", "127.0.0.1", "http.port", "0"));
    api =
        ServingApi.start(
            config,
            cache,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            Clock.fixed(NOW, ZoneOffset.UTC));
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
  void serverIsReadyWithItsLocatorAndPortAndKeepsItsFilesInItsDirectory() throws IOException {
    assertThat(server.readyLine())
        .isEqualTo(
            "GEODE READY locator=localhost["
                + settings.locatorPort()
                + "] server="
                + settings.serverPort());
    assertThat(dir.resolve("geode/disk")).isDirectory();
    try (Stream<Path> files = Files.list(dir.resolve("geode"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("geode-server.log")
          .anyMatch(name -> name.endsWith(".gfs"));
    }
  }

  @Test
  void availabilityShowsEveryLocationAndCountsMissingOnesAsZero() throws Exception {
    put(Regions.INVENTORY, stock(SKU, STORE, 7, 2));
    put(Regions.INVENTORY, stock(SKU, "online-dc", 40, 5));

    JsonNode body = getJson("/api/availability/" + SKU, 200);

    assertThat(body.get("sku").asText()).isEqualTo(SKU);
    assertThat(body.get("locations")).hasSize(config.stores().size() + 1);
    assertThat(location(body, STORE).get("available").asLong()).isEqualTo(5);
    assertThat(location(body, "hamburg-jungfernstieg").get("onHand").asLong()).isZero();
    assertThat(body.at("/totals/onHand").asLong()).isEqualTo(47);
    assertThat(body.at("/totals/available").asLong()).isEqualTo(40);
    assertThat(body.at("/totals/availableInStores").asLong()).isEqualTo(5);
  }

  @Test
  void nearestStoresWithStockAreListedClosestFirst() throws Exception {
    String sku = "KNIT-MERINO-M";
    put(Regions.INVENTORY, stock(sku, "berlin-mitte", 1, 1));
    put(Regions.INVENTORY, stock(sku, "hamburg-jungfernstieg", 4, 0));
    put(Regions.INVENTORY, stock(sku, "munich-kaufinger", 9, 0));
    put(Regions.INVENTORY, stock(sku, "vienna-mariahilf", 2, 0));

    // Potsdam: Berlin is nearest but has nothing to promise; Hamburg comes next, then Munich.
    JsonNode body =
        getJson(
            "/api/availability/" + sku + "/nearest?lat=52.39&lon=13.06&quantity=2&limit=2", 200);

    assertThat(body.get("stores")).hasSize(2);
    assertThat(body.at("/stores/0/storeId").asText()).isEqualTo("hamburg-jungfernstieg");
    assertThat(body.at("/stores/0/available").asLong()).isEqualTo(4);
    assertThat(body.at("/stores/0/distanceKm").asDouble()).isBetween(230.0, 260.0);
    assertThat(body.at("/stores/1/storeId").asText()).isEqualTo("munich-kaufinger");
    assertThat(
            getJson("/api/availability/" + sku + "/nearest?lat=52.39&lon=13.06&quantity=5", 200)
                .get("stores"))
        .singleElement()
        .satisfies(
            store -> assertThat(store.get("storeId").asText()).isEqualTo("munich-kaufinger"));
  }

  @Test
  void nearestNeedsAPointWithinRange() throws Exception {
    assertThat(getJson("/api/availability/" + SKU + "/nearest?lon=13.0", 400).get("error").asText())
        .contains("lat is required");
    assertThat(
            getJson("/api/availability/" + SKU + "/nearest?lat=95&lon=13.0", 400)
                .get("error")
                .asText())
        .contains("lat must be from");
    assertThat(
            getJson("/api/availability/" + SKU + "/nearest?lat=north&lon=13.0", 400)
                .get("error")
                .asText())
        .contains("lat must be a number");
    assertThat(
            getJson("/api/availability/NO-SUCH-SKU/nearest?lat=52&lon=13", 404)
                .get("error")
                .asText())
        .contains("NO-SUCH-SKU");
  }

  @Test
  void nearestStoresAreFoundByTheChannelAsked() throws Exception {
    String sku = "BELT-LEATHER-90";
    // Berlin keeps its last units as safety stock: nothing to collect, three on the shop floor.
    put(Regions.INVENTORY, new StockLevel(sku, STORE, 3, 0, 3, 0, 0, 0, 3, 1, NOW));

    JsonNode collect =
        getJson("/api/availability/" + sku + "/nearest?lat=52.52&lon=13.40&quantity=2", 200);
    JsonNode inStore =
        getJson(
            "/api/availability/" + sku + "/nearest?lat=52.52&lon=13.40&quantity=2&channel=in-store",
            200);

    assertThat(collect.get("stores")).isEmpty();
    assertThat(inStore.at("/stores/0/storeId").asText()).isEqualTo(STORE);
    assertThat(inStore.at("/stores/0/available").asLong()).isEqualTo(3);
    assertThat(
            getJson("/api/availability/" + sku + "/nearest?lat=1&lon=1&channel=phone", 400)
                .get("error")
                .asText())
        .isEqualTo("channel must be collect or in-store");
  }

  @Test
  void sourcingPreviewTakesEachLineOutOfWhatTheNextLinesSee() throws Exception {
    String sku = "DRESS-MIDI-M";
    put(Regions.INVENTORY, stock(sku, STORE, 1, 0));
    put(Regions.INVENTORY, stock(sku, "munich-kaufinger", 3, 0));
    put(Regions.INVENTORY, stock(sku, "online-dc", 2, 0));

    JsonNode collect =
        getJson(
            "/api/sourcing?fulfilment=click-and-collect&store="
                + STORE
                + "&items="
                + sku
                + ":1,"
                + sku
                + ":2",
            200);

    assertThat(collect.get("complete").asBoolean()).isTrue();
    assertThat(collect.at("/lines/0/allocations/0/sourcing").asText()).isEqualTo("chosen-store");
    assertThat(collect.at("/lines/1/allocations/0/locationId").asText()).isEqualTo("online-dc");
    assertThat(collect.at("/lines/1/allocations/0/sourcing").asText()).isEqualTo("transfer");
    assertThat(collect.at("/lines/1/allocations/0/transferTo").asText()).isEqualTo(STORE);

    JsonNode ship =
        getJson("/api/sourcing?fulfilment=ship&lat=48.2&lon=11.6&items=" + sku + ":6", 200);
    assertThat(ship.get("complete").asBoolean()).isFalse();
    assertThat(ship.at("/lines/0/reason").asText())
        .isEqualTo(
            "only 5 of 6 DRESS-MIDI-M in stock across the 2 nearest locations that ship (split cap 2)");
    assertThat(
            getJson("/api/sourcing?fulfilment=ship&items=" + sku + ":x", 400).get("error").asText())
        .contains("SKU:quantity");
    assertThat(getJson("/api/sourcing?fulfilment=ship&items=NOPE:1", 404).get("error").asText())
        .isEqualTo("no sku 'NOPE' in the catalogue");
  }

  @Test
  void alertsListWhatIsStillLowOrBelowZeroNewestFirst() throws Exception {
    put(Regions.STOCK_ALERTS, "SCARF-WOOL@" + STORE, alert("low-stock", "SCARF-WOOL", STORE, 1));
    put(
        Regions.STOCK_ALERTS,
        "BELT-LEATHER-90@" + STORE,
        alert("restocked", "BELT-LEATHER-90", STORE, 2));
    put(
        Regions.STOCK_ALERTS,
        "JEANS-SLIM-32@munich-kaufinger",
        alert("below-zero", "JEANS-SLIM-32", "munich-kaufinger", 3));

    JsonNode all = getJson("/api/alerts", 200);
    assertThat(all.get("alerts"))
        .extracting(alert -> alert.get("sku").asText())
        .containsExactly("JEANS-SLIM-32", "SCARF-WOOL");
    JsonNode one = getJson("/api/alerts?location=" + STORE, 200);
    assertThat(one.get("alerts"))
        .extracting(alert -> alert.get("kind").asText())
        .containsExactly("low-stock");
    assertThat(getJson("/api/alerts?location=nowhere", 404).get("error").asText())
        .isEqualTo("no location 'nowhere' is configured");
  }

  private static String alert(String kind, String sku, String location, int minutes) {
    return "{\"eventId\":\"a-"
        + sku
        + "\",\"occurredAt\":\""
        + NOW.plusSeconds(60L * minutes)
        + "\",\"kind\":\""
        + kind
        + "\",\"sku\":\""
        + sku
        + "\",\"locationId\":\""
        + location
        + "\",\"onHand\":1,\"available\":1,\"threshold\":2}";
  }

  @Test
  void unknownSkuIsNotFoundWithAJsonError() throws Exception {
    JsonNode body = getJson("/api/availability/NO-SUCH-SKU", 404);
    assertThat(body.get("error").asText()).contains("NO-SUCH-SKU");
  }

  @Test
  void storeStockListsEveryCatalogueSku() throws Exception {
    put(Regions.INVENTORY, stock("BLAZER-NAVY-50", "munich-kaufinger", 3, 0));

    JsonNode body = getJson("/api/stores/munich-kaufinger/stock", 200);

    assertThat(body.get("items")).hasSize(config.catalogue().items().size());
    JsonNode blazer = null;
    for (JsonNode item : body.get("items")) {
      if (item.get("sku").asText().equals("BLAZER-NAVY-50")) {
        blazer = item;
      }
    }
    assertThat(blazer).isNotNull();
    assertThat(blazer.get("onHand").asLong()).isEqualTo(3);
  }

  @Test
  void unknownStoreIsNotFoundWithAJsonError() throws Exception {
    assertThat(getJson("/api/stores/atlantis/stock", 404).get("error").asText())
        .contains("atlantis");
    assertThat(getJson("/api/footfall?store=atlantis", 404).get("error").asText())
        .contains("atlantis");
  }

  @Test
  void customerShowsLatestVisitAndLiveOffer() throws Exception {
    Visit visit = new Visit("v-1", "c-42", STORE, NOW.minusSeconds(300), NOW, VisitStatus.OPEN, 4);
    Offer offer = offer("o-1", "c-42", NOW.plus(1, ChronoUnit.HOURS));
    put(Regions.VISITS, "c-42", Json.encodeToString(visit));
    put(Regions.OFFERS, "c-42", Json.encodeToString(offer));

    JsonNode body = getJson("/api/customers/c-42", 200);

    assertThat(body.at("/visit/visitId").asText()).isEqualTo("v-1");
    assertThat(body.at("/visit/status").asText()).isEqualTo("open");
    assertThat(body.at("/offer/code").asText()).isEqualTo("CODE-o-1");
    assertThat(body.get("offerLive").asBoolean()).isTrue();
  }

  @Test
  void expiredOfferIsShownButNotLive() throws Exception {
    put(Regions.OFFERS, "c-43", Json.encodeToString(offer("o-2", "c-43", NOW.minusSeconds(1))));

    JsonNode body = getJson("/api/customers/c-43", 200);

    assertThat(body.at("/offer/offerId").asText()).isEqualTo("o-2");
    assertThat(body.get("offerLive").asBoolean()).isFalse();
  }

  @Test
  void unknownCustomerIsNotFound() throws Exception {
    assertThat(getJson("/api/customers/nobody", 404).get("error").asText()).contains("nobody");
  }

  @Test
  void footfallSumsTheMinutesInsideTheWindowOnly() throws Exception {
    Instant minute = NOW.truncatedTo(ChronoUnit.MINUTES);
    String store = "vienna-mariahilf";
    put(Regions.FOOTFALL, footfall(store, minute, 10, 3));
    put(Regions.FOOTFALL, footfall(store, minute.minus(59, ChronoUnit.MINUTES), 5, 1));
    put(Regions.FOOTFALL, footfall(store, minute.minus(60, ChronoUnit.MINUTES), 100, 100));

    JsonNode body = getJson("/api/footfall?store=" + store + "&minutes=60", 200);

    assertThat(body.get("stores")).hasSize(1);
    JsonNode vienna = body.get("stores").get(0);
    assertThat(vienna.get("storeId").asText()).isEqualTo(store);
    assertThat(vienna.get("doorEntries").asLong()).isEqualTo(15);
    assertThat(vienna.get("visits").asLong()).isEqualTo(4);
    assertThat(vienna.get("minutes")).hasSize(2);
    assertThat(body.get("to").asText()).isEqualTo(minute.toString());
  }

  @Test
  void footfallWithoutAStoreCoversEveryStore() throws Exception {
    assertThat(getJson("/api/footfall", 200).get("stores")).hasSize(config.stores().size());
  }

  @Test
  void footfallRejectsABadMinuteCount() throws Exception {
    assertThat(getJson("/api/footfall?minutes=lots", 400).get("error").asText())
        .contains("minutes");
    assertThat(getJson("/api/footfall?minutes=0", 400).get("error").asText()).contains("minutes");
  }

  @Test
  void campaignsShowAttributedVisitsAndZeroWithoutStats() throws Exception {
    put(Regions.CAMPAIGNS, "autumn-tailoring", stats("autumn-tailoring", 12));

    JsonNode campaigns = getJson("/api/campaigns", 200).get("campaigns");

    assertThat(campaign(campaigns, "autumn-tailoring").get("attributedVisits").asLong())
        .isEqualTo(12);
    assertThat(campaign(campaigns, "autumn-tailoring").get("name").asText())
        .isEqualTo("Autumn tailoring");
    assertThat(campaign(campaigns, "knit-season").get("attributedVisits").asLong()).isZero();
  }

  @Test
  void liveStreamDeliversAChangeWithinTwoSeconds() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<HttpResponse<Stream<String>>> stream =
        HTTP.sendAsync(
            HttpRequest.newBuilder(uri("/api/live")).build(), HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get(5, TimeUnit.SECONDS);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    Thread reader =
        new Thread(
            () -> {
              Iterator<String> iterator = response.body().iterator();
              try {
                while (iterator.hasNext()) {
                  lines.add(iterator.next());
                }
              } catch (UncheckedIOException closedByTheTest) {
                lines.add("(closed)");
              }
            });
    reader.setDaemon(true);
    reader.start();
    assertThat(awaitLine(lines, ": connected", Duration.ofSeconds(5))).isNotNull();

    long putAt = System.nanoTime();
    put(Regions.OFFERS, "c-live", Json.encodeToString(offer("o-live", "c-live", NOW)));

    assertThat(awaitLine(lines, "event: offers", Duration.ofSeconds(2))).isNotNull();
    String data = lines.poll(2, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - putAt)).isLessThan(Duration.ofSeconds(2));
    assertThat(data).startsWith("data: ");
    JsonNode change = Json.mapper().readTree(data.substring("data: ".length()));
    assertThat(change.get("key").asText()).isEqualTo("c-live");
    assertThat(change.at("/value/offerId").asText()).isEqualTo("o-live");
    response.body().close();
  }

  @Test
  void metricsTimeRequestsByRouteTemplate() throws Exception {
    getJson("/api/availability/" + SKU, 200);
    String timed =
        "o2o_http_requests_seconds_count{route=\"/api/availability/{sku}\",status=\"200\"}";

    // A request is timed once its exchange is closed, which can be just after the client has read
    // the whole answer: a scrape right after it may come too early, the next one does not.
    HttpResponse<String> metrics = get("/metrics");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!metrics.body().contains(timed) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      metrics = get("/metrics");
    }

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains(timed);
  }

  @Test
  void healthAndReadinessAnswer() throws Exception {
    assertThat(getJson("/health", 200).get("status").asText()).isEqualTo("UP");
    assertThat(getJson("/ready", 200).get("status").asText()).isEqualTo("READY");
  }

  @Test
  void servesTheDashboardAndNothingElseFromResources() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("id=\"offers-count\"", "dashboard.js");
    assertThat(get("/dashboard.js").statusCode()).isEqualTo(200);
    assertThat(get("/dashboard.css").statusCode()).isEqualTo(200);
    assertThat(get("/log4j2.xml").statusCode()).isEqualTo(404);
    assertThat(get("/%2E%2E%2Fpom.xml").statusCode()).isEqualTo(404);
  }

  @Test
  void rejectsWritesWithMethodNotAllowed() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri("/api/campaigns"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(Json.mapper().readTree(response.body()).has("error")).isTrue();
  }

  @Test
  void dashboardShowsTheStoredViewAndFollowsLiveChanges() throws Exception {
    Optional<Path> chromium = HeadlessBrowser.chromium();
    assertThat(chromium)
        .as("Chromium opens the dashboard in this test: install it (apt-get install chromium)")
        .isPresent();
    Instant minute = NOW.truncatedTo(ChronoUnit.MINUTES);
    put(Regions.FOOTFALL, footfall("hamburg-jungfernstieg", minute, 21, 8));
    put(Regions.CAMPAIGN_KPIS, "autumn-tailoring", kpis("autumn-tailoring", 30));

    try (HeadlessBrowser browser =
        HeadlessBrowser.open(chromium.get(), dir.resolve("browser"), uri("/").toString())) {
      Duration wait = Duration.ofSeconds(15);
      assertThat(browser.awaitText("live-status", "live"::equals, wait)).isEqualTo("live");
      assertThat(browser.awaitText("footfall-hamburg-jungfernstieg-entries", "21"::equals, wait))
          .isEqualTo("21");
      assertThat(browser.awaitText("footfall-hamburg-jungfernstieg-visits", "8"::equals, wait))
          .isEqualTo("8");
      assertThat(browser.awaitText("campaign-autumn-tailoring-visits", "30"::equals, wait))
          .isEqualTo("30");

      put(Regions.OFFERS, "c-browser", Json.encodeToString(offer("o-browser", "c-browser", NOW)));
      put(Regions.CAMPAIGN_KPIS, "autumn-tailoring", kpis("autumn-tailoring", 31));
      put(Regions.FOOTFALL, footfall("hamburg-jungfernstieg", minute, 22, 9));

      Duration live = Duration.ofSeconds(5);
      assertThat(browser.awaitText("offers-count", "1"::equals, live)).isEqualTo("1");
      assertThat(browser.awaitText("campaign-autumn-tailoring-visits", "31"::equals, live))
          .isEqualTo("31");
      assertThat(browser.awaitText("footfall-hamburg-jungfernstieg-visits", "9"::equals, live))
          .isEqualTo("9");
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void restartedServerKeepsTheData() throws Exception {
    put(Regions.INVENTORY, stock("SCARF-WOOL", "hamburg-jungfernstieg", 9, 1));
    put(Regions.CAMPAIGNS, "knit-season", stats("knit-season", 3));

    server.close();
    server = GeodeServerProcess.start(settings, dir.resolve("geode"));

    assertThat(region(Regions.CAMPAIGNS).get("knit-season")).contains("\"attributedVisits\":3");
    JsonNode body = getJson("/api/availability/SCARF-WOOL", 200);
    assertThat(location(body, "hamburg-jungfernstieg").get("onHand").asLong()).isEqualTo(9);
    assertThat(getJson("/ready", 200).get("status").asText()).isEqualTo("READY");
  }

  private static String awaitLine(BlockingQueue<String> lines, String wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (wanted.equals(line)) {
        return line;
      }
    }
    return null;
  }

  private static JsonNode location(JsonNode availability, String locationId) {
    for (JsonNode level : availability.get("locations")) {
      if (level.get("locationId").asText().equals(locationId)) {
        return level;
      }
    }
    throw new AssertionError("no location " + locationId + " in " + availability);
  }

  private static JsonNode campaign(JsonNode campaigns, String campaignId) {
    for (JsonNode campaign : campaigns) {
      if (campaign.get("campaignId").asText().equals(campaignId)) {
        return campaign;
      }
    }
    throw new AssertionError("no campaign " + campaignId + " in " + campaigns);
  }

  private static StockLevel stock(String sku, String location, long onHand, long reserved) {
    return new StockLevel(
        sku,
        location,
        onHand,
        reserved,
        0,
        onHand - reserved,
        onHand - reserved,
        onHand - reserved,
        onHand - reserved,
        1,
        NOW);
  }

  private static FootfallMinute footfall(String store, Instant minute, long entries, long visits) {
    return new FootfallMinute(store, minute, entries, visits);
  }

  private static String stats(String campaignId, long visits) {
    return Json.encodeToString(new CampaignStats(campaignId, visits, NOW));
  }

  /** A campaign's totals with {@code visits} credited under every model. */
  private static String kpis(String campaignId, long visits) {
    List<CampaignKpis.ModelTotals> models = new ArrayList<>();
    for (AttributionModel model : AttributionModel.values()) {
      models.add(new CampaignKpis.ModelTotals(model, visits, 0, BigDecimal.ZERO, BigDecimal.ZERO));
    }
    return Json.encodeToString(
        new CampaignKpis(
            campaignId,
            null,
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            models,
            CampaignKpis.Holdout.EMPTY,
            NOW));
  }

  private static Offer offer(String offerId, String customerId, Instant expiresAt) {
    return new Offer(
        offerId,
        customerId,
        STORE,
        "v-" + offerId,
        "BLAZER-NAVY-50",
        "autumn-tailoring",
        Benefit.percentOff(10),
        "CODE-" + offerId,
        "cross-sell of an online view",
        expiresAt.minus(2, ChronoUnit.HOURS),
        expiresAt);
  }

  private static void put(String region, StockLevel level) {
    put(region, level.key(), Json.encodeToString(level));
  }

  private static void put(String region, FootfallMinute minute) {
    put(region, minute.key(), Json.encodeToString(minute));
  }

  private static void put(String region, String key, String value) {
    region(region).put(key, value);
  }

  private static Region<String, String> region(String name) {
    return GeodeClient.region(cache, name);
  }

  private static JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("status of " + path).isEqualTo(expectedStatus);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    return Json.mapper().readTree(response.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }
}
