package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignAudience;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignStats;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPickedUp;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.geode.cache.Region;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on real brokers: events go in through the MQTT broker (as store gateways
 * and phones, with their own credentials) and Kafka (as the online shop), through the edge gateway
 * and the Flink jobs, and come out in Geode, the HTTP API, the dead-letter topic and phones'
 * topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CONSENTING = "c-e2e-yes";
  private static final String NOT_CONSENTING = "c-e2e-no";
  private static final String CLICKER = "c-e2e-clicker";
  private static final String REDEEMER = "c-e2e-redeemer";

  private EngineConfig config;
  private EmbeddedEngine engine;
  private EngineClients clients;

  @BeforeAll
  void startEngine(@TempDir Path dataDir) throws Exception {
    config = TestEngines.config(TestEngines.freePorts(dataDir));
    engine = EmbeddedEngine.start(config);
    clients = new EngineClients(config, engine.apiUrl());
    for (String customer : List.of(CONSENTING, NOT_CONSENTING, CLICKER, REDEEMER)) {
      clients.produce(
          Topics.CUSTOMERS,
          new CustomerUpdated(
              id(), Instant.now(), customer, "member", !customer.equals(NOT_CONSENTING)));
    }
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
  void posSaleOverMqttLowersTheStoresOnHand() throws Exception {
    String store = "berlin-mitte";
    String sku = "SHIRT-OXF-WHT-M";
    clients.produce(Topics.STOCK, new StockCounted(id(), Instant.now(), store, sku, 10));
    awaitLevel(sku, store, level -> level.onHand() == 10);

    MqttAsyncClient gateway = clients.store(store);
    gateway
        .publish(
            MqttTopics.store(store, StoreChannel.SALES),
            Json.encodeEvent(sale(store, sku, 2, null)),
            1,
            false)
        .waitForCompletion(5_000);

    StockLevel level = awaitLevel(sku, store, l -> l.onHand() == 8);
    assertThat(level.available()).isEqualTo(8);
    await(
        "the availability API to show 8 on hand",
        WAIT,
        () -> {
          try {
            String body = clients.getJson("/api/availability/" + sku).toString();
            return body.contains("\"locationId\":\"berlin-mitte\"") && body.contains("\"onHand\":8")
                ? Optional.of(body)
                : Optional.empty();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void onlineOrderReservesStockAtTheCollectionStore() throws Exception {
    String store = "hamburg-jungfernstieg";
    String sku = "BLAZER-NAVY-50";
    clients.produce(Topics.STOCK, new StockCounted(id(), Instant.now(), store, sku, 5));
    awaitLevel(sku, store, level -> level.onHand() == 5);

    clients.produce(
        Topics.ORDERS,
        new OrderPlaced(
            id(),
            Instant.now(),
            "o-e2e-1",
            "c-online",
            Fulfilment.CLICK_AND_COLLECT,
            store,
            "EUR",
            List.of(new OrderLine(sku, 2, new BigDecimal("229.00"))),
            null,
            null,
            null));

    StockLevel level = awaitLevel(sku, store, l -> l.reserved() == 2);
    assertThat(level.onHand()).isEqualTo(5);
    assertThat(level.available()).isEqualTo(3);

    // The store cannot cover a second order for 4: the warehouse sends them to it.
    String warehouse = "online-dc";
    clients.produce(Topics.STOCK, new StockCounted(id(), Instant.now(), warehouse, sku, 10));
    awaitLevel(sku, warehouse, l -> l.onHand() == 10);
    clients.produce(
        Topics.ORDERS,
        new OrderPlaced(
            id(),
            Instant.now(),
            "o-e2e-2",
            "c-online",
            Fulfilment.CLICK_AND_COLLECT,
            store,
            "EUR",
            List.of(new OrderLine(sku, 4, new BigDecimal("229.00"))),
            null,
            null,
            null));
    assertThat(awaitLevel(sku, warehouse, l -> l.reserved() == 4).available()).isEqualTo(6);
    JsonNode preview =
        clients.getJson(
            "/api/sourcing?fulfilment=click-and-collect&store=" + store + "&items=" + sku + ":4");
    assertThat(preview.at("/lines/0/allocations/0/sourcing").asText()).isEqualTo("transfer");
    assertThat(preview.at("/lines/0/allocations/0/locationId").asText()).isEqualTo(warehouse);

    // The customer collects both orders: the store is credited with the pickups, and the units
    // leave the store and the warehouse.
    clients.produce(Topics.ORDERS, new OrderPickedUp(id(), Instant.now(), "o-e2e-1", store));
    clients.produce(Topics.ORDERS, new OrderPickedUp(id(), Instant.now(), "o-e2e-2", store));
    assertThat(awaitLevel(sku, warehouse, l -> l.reserved() == 0).onHand()).isEqualTo(6);
    String credits =
        await(
            "the pickup credits of " + store,
            WAIT,
            () -> {
              try {
                JsonNode body = clients.getJson("/api/stores/" + store + "/credits");
                return body.toString().contains("\"amount\":\"1374.00\"")
                    ? Optional.of(body.toString())
                    : Optional.empty();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(credits).contains("\"role\":\"pickup\"");
  }

  @Test
  void aTillSaleBelowZeroRaisesAnAlertTheApiShows() throws Exception {
    String store = "vienna-mariahilf";
    String sku = "SNEAKER-WHT-42";
    clients.produce(Topics.STOCK, new StockCounted(id(), Instant.now(), store, sku, 1));
    awaitLevel(sku, store, level -> level.onHand() == 1);
    clients.produce(Topics.SALES, sale(store, sku, 3, null));

    await(
        "a below-zero alert for " + sku + " at " + store,
        WAIT,
        () -> {
          try {
            String body = clients.getJson("/api/alerts?location=" + store).toString();
            return body.contains("\"kind\":\"below-zero\"") && body.contains(sku)
                ? Optional.of(body)
                : Optional.empty();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void consentingCustomerGetsAnOfferOnArrivalAndOthersNothing() throws Exception {
    String store = "munich-kaufinger";
    stockEverySku(store, 10);
    for (String customer : List.of(CONSENTING, NOT_CONSENTING)) {
      clients.produce(
          Topics.TOUCHES,
          new OnlineTouch(
              id(), Instant.now(), customer, TouchKind.PRODUCT_VIEW, null, "KNIT-MERINO-M"));
    }
    List<String> yesPhone = clients.phone(CONSENTING);
    List<String> noPhone = clients.phone(NOT_CONSENTING);

    arrive(store, "mu-entrance", CONSENTING);
    arrive(store, "mu-entrance", NOT_CONSENTING);

    String payload =
        await("an offer on " + CONSENTING + "'s phone", WAIT, () -> yesPhone.stream().findFirst());
    Offer offer = Json.decode(payload, Offer.class);
    assertThat(offer.customerId()).isEqualTo(CONSENTING);
    assertThat(offer.storeId()).isEqualTo(store);
    assertThat(config.catalogue().item(offer.sku())).isPresent();
    String profile =
        await(
            CONSENTING + "'s profile with the live offer in the clienteling API",
            WAIT,
            () -> {
              try {
                HttpResponse<String> response = clients.get("/api/customers/" + CONSENTING);
                return Optional.of(response.body())
                    .filter(body -> response.statusCode() == 200)
                    .filter(body -> body.contains(offer.code()));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    JsonNode member = Json.mapper().readTree(profile);
    assertThat(member.get("offerLive").asBoolean()).isTrue();
    assertThat(member.at("/preferences/offerConsent").asBoolean()).isTrue();
    assertThat(member.at("/history/viewed").toString()).contains("\"KNIT-MERINO-M\"");
    assertThat(member.at("/history/visits/0/storeId").asText()).isEqualTo(store);

    Region<String, String> visits = GeodeClient.region(engine.geode(), Regions.VISITS);
    await(
        "the non-consenting customer's visit",
        WAIT,
        () ->
            Optional.ofNullable(visits.get(NOT_CONSENTING))
                .map(v -> Json.decode(v, Visit.class))
                .filter(v -> v.storeId().equals(store)));
    Thread.sleep(3_000);
    assertThat(noPhone).as("offers sent to a customer without consent").isEmpty();
    assertThat(yesPhone).as("offers delivered once").hasSize(1);
  }

  @Test
  void anOfferCodeRedeemsOnceAtTheTillAndASecondUseIsRefused() throws Exception {
    String store = "hamburg-jungfernstieg";
    stockEverySku(store, 10);
    List<String> phone = clients.phone(REDEEMER);
    arrive(store, "hh-entrance", REDEEMER);
    Offer offer =
        Json.decode(
            await("an offer on " + REDEEMER + "'s phone", WAIT, () -> phone.stream().findFirst()),
            Offer.class);

    PosSale first = clients.redeeming(offer);
    PosSale second = clients.redeeming(offer);
    MqttAsyncClient gateway = clients.store(store);
    for (PosSale sale : List.of(first, second)) {
      gateway
          .publish(MqttTopics.store(store, StoreChannel.SALES), Json.encodeEvent(sale), 1, false)
          .waitForCompletion(5_000);
    }

    Redemption redeemed =
        await(
            "the redemption of " + offer.code() + " in the API",
            WAIT,
            () -> {
              try {
                HttpResponse<String> response =
                    clients.get("/api/offers/" + offer.code() + "/redemption");
                return response.statusCode() == 200
                    ? Optional.of(Json.decode(response.body(), Redemption.class))
                    : Optional.empty();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(redeemed.saleEventId()).isEqualTo(first.eventId());
    assertThat(redeemed.offerId()).isEqualTo(offer.offerId());
    List<Redemption> recorded =
        await(
            "both uses of " + offer.code() + " on " + Topics.REDEMPTIONS,
            WAIT,
            () ->
                Optional.of(
                        clients.readAll(Topics.REDEMPTIONS, Duration.ofSeconds(1)).stream()
                            .filter(r -> r.code().equals(offer.code()))
                            .toList())
                    .filter(r -> r.size() == 2));
    assertThat(recorded)
        .extracting(Redemption::saleEventId, Redemption::outcome, Redemption::refusal)
        .containsExactlyInAnyOrder(
            tuple(first.eventId(), Redemption.Outcome.ACCEPTED, null),
            tuple(
                second.eventId(), Redemption.Outcome.REFUSED, Redemption.Refusal.ALREADY_REDEEMED));
  }

  @Test
  void aCampaignWhoseBudgetIsUsedUpStopsBeingOffered() throws Exception {
    String store = "hamburg-jungfernstieg";
    String spender = "c-e2e-spender";
    String latecomer = "c-e2e-latecomer";
    for (String customer : List.of(spender, latecomer)) {
      clients.produce(
          Topics.CUSTOMERS, new CustomerUpdated(id(), Instant.now(), customer, "e2e-budget", true));
    }
    // Only for the tier of this test's customers, so no other test meets the campaign.
    Campaign tiny =
        new Campaign(
            "e2e-knit",
            "Knit for a cent",
            List.of("knitwear"),
            Benefit.percentOff(30),
            Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(1)),
            new BigDecimal("100.00"),
            "EUR",
            0,
            new BigDecimal("0.01"),
            30,
            null,
            new CampaignAudience(false, List.of("e2e-budget"), List.of()));
    clients.produce(Topics.CAMPAIGNS, new CampaignDefined(id(), Instant.now(), tiny));
    await("the new campaign's budget in the API", WAIT, () -> budget("e2e-knit"));
    stockEverySku(store, 10);
    List<String> spenderPhone = clients.phone(spender);
    arrive(store, "hh-entrance", spender);
    Offer offer =
        Json.decode(
            await(
                "an offer on " + spender + "'s phone",
                WAIT,
                () -> spenderPhone.stream().findFirst()),
            Offer.class);
    assertThat(offer.campaignId()).isEqualTo("e2e-knit");

    clients
        .store(store)
        .publish(
            MqttTopics.store(store, StoreChannel.SALES),
            Json.encodeEvent(clients.redeeming(offer)),
            1,
            false)
        .waitForCompletion(5_000);
    CampaignBudget used =
        await(
            "the campaign's used-up budget on " + Topics.CAMPAIGN_BUDGETS,
            WAIT,
            () ->
                clients.readAll(Topics.CAMPAIGN_BUDGETS, Duration.ofSeconds(1)).stream()
                    .filter(b -> b.campaignId().equals("e2e-knit") && b.exhausted())
                    .findFirst());
    BigDecimal shelfPrice = config.catalogue().item(offer.sku()).orElseThrow().price();
    assertThat(used.committed()).isEqualByComparingTo(shelfPrice.multiply(new BigDecimal("0.30")));
    JsonNode shown =
        await(
            "the exhausted budget in the API",
            WAIT,
            () -> budget("e2e-knit").filter(b -> b.get("exhausted").asBoolean()));
    assertThat(shown.get("remaining").asText()).isEqualTo("0");

    // The engagement job reads the status back from the topic it was just seen on.
    Thread.sleep(2_000);
    List<String> latecomerPhone = clients.phone(latecomer);
    arrive(store, "hh-entrance", latecomer);
    Offer later =
        Json.decode(
            await(
                "an offer on " + latecomer + "'s phone",
                WAIT,
                () -> latecomerPhone.stream().findFirst()),
            Offer.class);
    assertThat(later.campaignId()).isNotEqualTo("e2e-knit");
  }

  private Optional<JsonNode> budget(String campaignId) {
    try {
      HttpResponse<String> response = clients.get("/api/campaigns/" + campaignId + "/budget");
      return response.statusCode() == 200
          ? Optional.of(Json.mapper().readTree(response.body()))
          : Optional.empty();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCustomerIsFollowedIntoAnotherZoneAndDoorCountsAreTodaysFootfall() throws Exception {
    String store = "hamburg-jungfernstieg";
    String customer = "c-zones";
    MqttAsyncClient gateway = clients.store(store);
    gateway
        .publish(
            MqttTopics.store(store, StoreChannel.DOOR),
            Json.encodeEvent(new DoorCount(id(), Instant.now(), store, "main", 3, 1)),
            1,
            false)
        .waitForCompletion(5_000);

    arrive(store, "hh-entrance", customer);
    Thread.sleep(1_000);
    gateway
        .publish(
            MqttTopics.store(store, StoreChannel.BEACONS),
            Json.encodeEvent(
                new BeaconSighting(id(), Instant.now(), store, "hh-floor", customer, -60)),
            1,
            false)
        .waitForCompletion(5_000);

    Region<String, String> visits = GeodeClient.region(engine.geode(), Regions.VISITS);
    Visit moved =
        await(
            customer + "'s visit in the floor zone",
            WAIT,
            () ->
                Optional.ofNullable(visits.get(customer))
                    .map(v -> Json.decode(v, Visit.class))
                    .filter(v -> v.status() == VisitStatus.ZONE_CHANGED));
    assertThat(moved.zone()).isEqualTo("floor");
    assertThat(moved.zones())
        .extracting(Visit.ZoneDwell::zone)
        .containsExactly("entrance", "floor");

    JsonNode footfall =
        await(
            "today's door entries at " + store,
            WAIT,
            () -> {
              try {
                JsonNode body = clients.getJson("/api/stores/" + store + "/footfall");
                return Optional.of(body).filter(b -> b.get("doorEntries").asLong() >= 3);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(footfall.get("timeZone").asText()).isEqualTo("Europe/Berlin");
  }

  @Test
  void campaignClickFollowedByAVisitIsAttributedToTheCampaign() throws Exception {
    String store = "vienna-mariahilf";
    String campaign = "knit-season";
    clients.produce(
        Topics.TOUCHES,
        new OnlineTouch(id(), Instant.now(), CLICKER, TouchKind.CLICK, campaign, null));
    Thread.sleep(500);
    arrive(store, "vi-entrance", CLICKER);

    Region<String, String> stats = GeodeClient.region(engine.geode(), Regions.CAMPAIGNS);
    CampaignStats campaignStats =
        await(
            "attributed visits for " + campaign,
            WAIT,
            () ->
                Optional.ofNullable(stats.get(campaign))
                    .map(v -> Json.decode(v, CampaignStats.class))
                    .filter(s -> s.attributedVisits() >= 1));
    assertThat(campaignStats.attributedVisits()).isEqualTo(1);
    List<AttributedVisit> attributed = clients.readAll(Topics.ATTRIBUTIONS, Duration.ofSeconds(3));
    assertThat(attributed)
        .anySatisfy(
            a -> {
              assertThat(a.customerId()).isEqualTo(CLICKER);
              assertThat(a.campaigns().get(0).campaignId()).isEqualTo(campaign);
              assertThat(a.storeId()).isEqualTo(store);
              assertThat(a.touches().get(0).kind()).isEqualTo(TouchKind.CLICK);
            });
  }

  @Test
  void malformedEventsAreDeadLetteredAndTheEventsAroundThemProcessed() throws Exception {
    String store = "vienna-mariahilf";
    String sku = "JEANS-SLIM-32";
    clients.produce(Topics.STOCK, new StockCounted(id(), Instant.now(), store, sku, 20));
    awaitLevel(sku, store, level -> level.onHand() == 20);

    MqttAsyncClient gateway = clients.store(store);
    String salesTopic = MqttTopics.store(store, StoreChannel.SALES);
    gateway
        .publish(salesTopic, Json.encodeEvent(sale(store, sku, 1, null)), 1, false)
        .waitForCompletion(5_000);
    String negative =
        new String(Json.encodeEvent(sale(store, sku, 1, null)), StandardCharsets.UTF_8)
            .replace("\"quantity\":1", "\"quantity\":-5");
    gateway
        .publish(salesTopic, negative.getBytes(StandardCharsets.UTF_8), 1, false)
        .waitForCompletion(5_000);
    gateway
        .publish(salesTopic, Json.encodeEvent(sale("berlin-mitte", sku, 1, null)), 1, false)
        .waitForCompletion(5_000);
    gateway
        .publish(salesTopic, Json.encodeEvent(sale(store, sku, 1, null)), 1, false)
        .waitForCompletion(5_000);

    clients.produceRaw(
        Topics.STOCK.name(), sku, "{\"type\":\"stock.received\",".getBytes(StandardCharsets.UTF_8));
    clients.produce(Topics.STOCK, new StockReceived(id(), Instant.now(), store, sku, 4));

    // 20 - 1 - 1 + 4: the valid sales before and after the bad ones, and the restock after the bad
    // record.
    awaitLevel(sku, store, level -> level.onHand() == 22);

    List<DeadLetter> letters =
        await(
            "three dead letters",
            WAIT,
            () -> {
              List<DeadLetter> all = clients.readAll(Topics.DEAD_LETTERS, Duration.ofSeconds(1));
              return all.stream()
                          .filter(l -> l.source().equals(Topics.STOCK.name()))
                          .findAny()
                          .isPresent()
                      && all.stream().filter(l -> l.source().equals(salesTopic)).count() >= 2
                  ? Optional.of(all)
                  : Optional.empty();
            });
    assertThat(letters)
        .anySatisfy(
            l -> {
              assertThat(l.source()).isEqualTo(salesTopic);
              assertThat(l.reason()).contains("quantity must be between 1 and 10000 but was -5");
              assertThat(l.payload()).contains("-5");
            });
    assertThat(letters)
        .anySatisfy(
            l -> {
              assertThat(l.source()).isEqualTo(salesTopic);
              assertThat(l.reason()).contains("berlin-mitte");
            });
    assertThat(letters)
        .anySatisfy(
            l -> {
              assertThat(l.source()).isEqualTo(Topics.STOCK.name());
              assertThat(l.reason()).contains("not valid JSON");
            });
  }

  @Test
  void servesTheDashboardAndPrometheusMetrics() throws Exception {
    assertThat(clients.get("/").statusCode()).isEqualTo(200);
    assertThat(clients.get("/").body()).contains("<html");
    String metrics =
        await(
            "gateway metrics",
            WAIT,
            () -> {
              try {
                String body = clients.get("/metrics").body();
                return body.contains("o2o_gateway") && body.contains("o2o_topic_records")
                    ? Optional.of(body)
                    : Optional.empty();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(metrics).contains("topic=\"o2o.sales\"");
  }

  private void arrive(String store, String beacon, String customer) throws Exception {
    MqttAsyncClient gateway = clients.store(store);
    for (int i = 0; i < config.engagement().minSightings() + 1; i++) {
      BeaconSighting sighting =
          new BeaconSighting(id(), Instant.now(), store, beacon, customer, -60);
      gateway
          .publish(
              MqttTopics.store(store, StoreChannel.BEACONS), Json.encodeEvent(sighting), 1, false)
          .waitForCompletion(5_000);
      Thread.sleep(200);
    }
  }

  private void stockEverySku(String store, int units) throws Exception {
    for (var item : config.catalogue().items()) {
      clients.produce(
          Topics.STOCK, new StockCounted(id(), Instant.now(), store, item.sku(), units));
    }
    for (var item : config.catalogue().items()) {
      awaitLevel(item.sku(), store, level -> level.onHand() == units);
    }
  }

  private StockLevel awaitLevel(
      String sku, String location, java.util.function.Predicate<StockLevel> condition)
      throws InterruptedException {
    Region<String, String> inventory = GeodeClient.region(engine.geode(), Regions.INVENTORY);
    return await(
        "stock of " + sku + " at " + location,
        WAIT,
        () ->
            Optional.ofNullable(inventory.get(StockLevel.key(sku, location)))
                .map(v -> Json.decode(v, StockLevel.class))
                .filter(condition));
  }

  private PosSale sale(String store, String sku, int quantity, String customer) {
    return new PosSale(
        id(),
        Instant.now(),
        store,
        "r-" + id().substring(0, 8),
        sku,
        quantity,
        config.catalogue().item(sku).orElseThrow().price(),
        "EUR",
        customer,
        null);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
