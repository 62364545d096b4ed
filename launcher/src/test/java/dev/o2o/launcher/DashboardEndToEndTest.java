package dev.o2o.launcher;

import static dev.o2o.launcher.TestEngines.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Json;
import dev.o2o.contract.MqttTopics;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topics;
import dev.o2o.contract.TouchKind;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.HeadlessBrowser;
import dev.o2o.store.Regions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.geode.cache.Region;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live dashboard of a whole embedded engine in a real headless Chromium: a member's day at
 * Berlin Mitte is published as the store and the online shop would publish it (door counts, beacon
 * sightings and a till sale over MQTT with the store's credentials, customer data, stock and
 * campaign touches over Kafka), and the page must show what the jobs made of it: the store's
 * footfall today with every figure, the offer and its redemption, and the campaign table. The tests
 * run in order, as one story on one open page; the last saves a screenshot under {@code target/}.
 *
 * <p>Visits close {@link #EXIT_AFTER} after the member was last seen, in event time, so that a
 * closed visit's dwell and conversion show within the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration EXIT_AFTER = Duration.ofSeconds(5);
  private static final String STORE = "berlin-mitte";
  private static final String PASSER_BY_STORE = "munich-kaufinger";
  private static final String MEMBER = "c-dash-member";
  private static final String CAMPAIGN = "autumn-tailoring";
  private static final String TODAY = "footfall-" + STORE + "-today-";

  private EngineConfig config;
  private EmbeddedEngine engine;
  private EngineClients clients;
  private HeadlessBrowser browser;
  private List<String> phone;
  private Offer offer;
  private int passersBy;

  @BeforeAll
  void openTheDashboardOfARunningEngine(@TempDir Path dataDir, @TempDir Path profile)
      throws Exception {
    Optional<Path> chromium = HeadlessBrowser.chromium();
    assertThat(chromium)
        .as("Chromium opens the dashboard in this test: install it (apt-get install chromium)")
        .isPresent();
    Map<String, String> overrides = TestEngines.freePorts(dataDir);
    overrides.put("engagement.exitAfter", EXIT_AFTER.toSeconds() + "s");
    overrides.put("engagement.entryWindow", EXIT_AFTER.toSeconds() + "s");
    config = TestEngines.config(overrides);
    engine = EmbeddedEngine.start(config);
    clients = new EngineClients(config, engine.apiUrl());
    browser = HeadlessBrowser.open(chromium.get(), profile, engine.apiUrl() + "/");
    assertThat(browser.awaitText("live-status", "live"::equals, WAIT)).isEqualTo("live");
  }

  @AfterAll
  void closeEverything() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (clients != null) {
      clients.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void doorCountsFromTheStoresCounterShowAsTodaysEntriesAndExits() throws Exception {
    assertThat(awaitText(TODAY + "entries", "0")).isEqualTo("0");
    assertThat(text(TODAY + "exits")).isEqualTo("0");

    clients
        .store(STORE)
        .publish(
            MqttTopics.store(STORE, StoreChannel.DOOR),
            Json.encodeEvent(new DoorCount(id(), Instant.now(), STORE, "main", 5, 2)),
            1,
            false)
        .waitForCompletion(5_000);

    assertThat(awaitText(TODAY + "exits", "2")).isEqualTo("2");
    assertThat(text(TODAY + "entries")).isEqualTo("5");
    assertThat(text("footfall-" + STORE + "-entries")).isEqualTo("5");
    assertThat(text("footfall-total-entries")).isEqualTo("5");
  }

  @Test
  @Order(2)
  void aMembersVisitOfferAndRedemptionShowInTheFootfallPanelAndTheCampaignTable() throws Exception {
    assertThat(Campaign.holdoutDraw(CAMPAIGN, MEMBER))
        .as("the member is in the campaign's exposed group")
        .isGreaterThanOrEqualTo(
            config.campaigns().stream()
                .filter(c -> c.campaignId().equals(CAMPAIGN))
                .findFirst()
                .orElseThrow()
                .holdoutShare());
    clients.produce(
        Topics.CUSTOMERS, new CustomerUpdated(id(), Instant.now(), MEMBER, "gold", true));
    stockEverySku(10);
    clients.produce(
        Topics.TOUCHES,
        new OnlineTouch(id(), Instant.now(), MEMBER, TouchKind.IMPRESSION, CAMPAIGN, null));
    clients.produce(
        Topics.TOUCHES,
        new OnlineTouch(id(), Instant.now(), MEMBER, TouchKind.CLICK, CAMPAIGN, null));
    phone = clients.phone(MEMBER);
    assertThat(text(TODAY + "visits")).isEqualTo("0");

    sighted("bm-entrance", config.engagement().minSightings());

    assertThat(awaitText(TODAY + "visits", "1")).isEqualTo("1");
    assertThat(text(TODAY + "new")).isEqualTo("1");
    assertThat(text(TODAY + "returning")).isEqualTo("0");
    offer =
        Json.decode(
            await("an offer on " + MEMBER + "'s phone", WAIT, () -> phone.stream().findFirst()),
            Offer.class);
    assertThat(awaitText(TODAY + "offers-sent", "1")).isEqualTo("1");
    assertThat(text("offers-count")).isEqualTo("1");
    assertThat(text(TODAY + "offers-redeemed")).isEqualTo("0");

    clients
        .store(STORE)
        .publish(
            MqttTopics.store(STORE, StoreChannel.SALES),
            Json.encodeEvent(clients.redeeming(offer)),
            1,
            false)
        .waitForCompletion(5_000);

    assertThat(awaitText(TODAY + "offers-redeemed", "1")).isEqualTo("1");
    assertThat(text("offer-" + offer.offerId() + "-status")).startsWith("redeemed · ");
    assertThat(text("redemptions-count")).isEqualTo("1");
    String campaign = "campaign-" + CAMPAIGN + "-";
    assertThat(awaitText(campaign + "visits", "1")).isEqualTo("1");
    assertThat(text(campaign + "impressions")).isEqualTo("1");
    assertThat(text(campaign + "ctr")).isEqualTo("100.0%");
    assertThat(text(campaign + "cost-per-visit")).isEqualTo("12000.00 EUR");
    assertThat(awaitText(campaign + "holdout", "exposed 1 / 1control 0 / 0"))
        .isEqualTo("exposed 1 / 1control 0 / 0");
  }

  @Test
  @Order(3)
  void aClosedVisitShowsItsDwellAndConversionAndTheMembersNextVisitIsReturning() throws Exception {
    // Seen once more after the sale, so the sale falls within the visit; then gone.
    sighted("bm-menswear", 1);
    assertThat(text(TODAY + "closed")).isEqualTo("0");
    assertThat(text(TODAY + "conversion")).isEqualTo("–");

    // Event time moves only with events: passers-by seen once at another store carry it past the
    // member's last sighting plus the exit time, which closes the visit.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!text(TODAY + "closed").equals("1") && System.nanoTime() < deadline) {
      passerBy();
      browser.awaitText(TODAY + "closed", "1"::equals, Duration.ofSeconds(1));
    }
    assertThat(text(TODAY + "closed")).isEqualTo("1");
    assertThat(awaitText(TODAY + "converted", "1")).isEqualTo("1");
    assertThat(text(TODAY + "conversion")).isEqualTo("100.0%");
    assertThat(dwellBuckets()).containsExactly("1", "0", "0", "0", "0");

    sighted("bm-entrance", config.engagement().minSightings());

    assertThat(awaitText(TODAY + "visits", "2")).isEqualTo("2");
    assertThat(text(TODAY + "new")).isEqualTo("1");
    assertThat(text(TODAY + "returning")).isEqualTo("1");
    assertThat(awaitText("campaign-" + CAMPAIGN + "-visits", "2")).isEqualTo("2");
    assertThat(text("campaign-" + CAMPAIGN + "-cost-per-visit")).isEqualTo("6000.00 EUR");
    assertThat(text("campaign-" + CAMPAIGN + "-cvr")).isEqualTo("50.0%");
    assertThat(text("campaign-" + CAMPAIGN + "-revenue"))
        .isEqualTo(config.catalogue().item(offer.sku()).orElseThrow().price() + " EUR");
    assertThat(text(TODAY + "offers-sent")).as("one offer within the cooldown").isEqualTo("1");
    assertThat(text(TODAY + "entries")).isEqualTo("5");
  }

  @Test
  @Order(4)
  void theStoreFilterKeepsTheStoresFootfallAndSavesAScreenshot() throws Exception {
    browser.select("store-filter", STORE);
    assertThat(awaitText("footfall-total-entries", "5")).isEqualTo("5");
    assertThat(browser.evaluate("document.querySelectorAll('#footfall .store').length"))
        .isEqualTo("1");
    assertThat(text(TODAY + "visits")).isEqualTo("2");
    assertThat(awaitText("store-kpi-visits", "2")).isEqualTo("2");
    // Changed figures are highlighted for a moment; the screenshot waits until that has faded.
    Thread.sleep(1_500);
    Path screenshot = Path.of("target", "dashboard-end-to-end.png").toAbsolutePath();
    browser.screenshot(screenshot);
    System.out.println("dashboard screenshot: " + screenshot);
    assertThat(screenshot).isNotEmptyFile();
  }

  private String awaitText(String elementId, String expected) throws Exception {
    return browser.awaitText(elementId, expected::equals, WAIT);
  }

  private String text(String elementId) throws Exception {
    return browser.awaitText(elementId, text -> !text.equals("(missing)"), WAIT);
  }

  private List<String> dwellBuckets() throws Exception {
    List<String> counts = new ArrayList<>();
    for (String bucket : List.of("under5", "5to15", "15to30", "30to60", "over60")) {
      counts.add(text(TODAY + "dwell-" + bucket));
    }
    return counts;
  }

  /** The member seen {@code times} by one beacon of the store, a moment apart. */
  private void sighted(String beacon, int times) throws Exception {
    MqttAsyncClient gateway = clients.store(STORE);
    for (int i = 0; i < times; i++) {
      gateway
          .publish(
              MqttTopics.store(STORE, StoreChannel.BEACONS),
              Json.encodeEvent(new BeaconSighting(id(), Instant.now(), STORE, beacon, MEMBER, -60)),
              1,
              false)
          .waitForCompletion(5_000);
      Thread.sleep(200);
    }
  }

  /** Someone seen once at another store, too few sightings for a visit. */
  private void passerBy() throws Exception {
    passersBy++;
    clients
        .store(PASSER_BY_STORE)
        .publish(
            MqttTopics.store(PASSER_BY_STORE, StoreChannel.BEACONS),
            Json.encodeEvent(
                new BeaconSighting(
                    id(),
                    Instant.now(),
                    PASSER_BY_STORE,
                    "mu-entrance",
                    "c-dash-passer-by-" + passersBy,
                    -60)),
            1,
            false)
        .waitForCompletion(5_000);
  }

  private void stockEverySku(int units) throws Exception {
    for (var item : config.catalogue().items()) {
      clients.produce(
          Topics.STOCK, new StockCounted(id(), Instant.now(), STORE, item.sku(), units));
    }
    Region<String, String> inventory = GeodeClient.region(engine.geode(), Regions.INVENTORY);
    for (var item : config.catalogue().items()) {
      await(
          "stock of " + item.sku() + " at " + STORE,
          WAIT,
          () ->
              Optional.ofNullable(inventory.get(StockLevel.key(item.sku(), STORE)))
                  .map(v -> Json.decode(v, StockLevel.class))
                  .filter(level -> level.onHand() == units));
    }
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
