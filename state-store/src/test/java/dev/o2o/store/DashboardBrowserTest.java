package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.CampaignKpis.Holdout;
import dev.o2o.contract.CampaignKpis.ModelTotals;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Offer;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreCreditTotals.RoleTotal;
import dev.o2o.contract.StoreKpis;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live dashboard in a real headless Chromium against the real API and a Geode server: the jobs'
 * outputs are written into Geode as the jobs write them (contract JSON under their keys), and the
 * page must show the derived campaign and store figures, follow each change within two seconds, and
 * apply the model, campaign and store the marketer picks. The tests run in order on one page, as
 * one marketer's session; the last one saves a screenshot under {@code target/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  private static final Duration LOAD = Duration.ofSeconds(15);
  private static final Duration LIVE = Duration.ofSeconds(2);
  private static final String HAMBURG = "hamburg-jungfernstieg";
  private static final String BERLIN = "berlin-mitte";
  private static final String AUTUMN = "autumn-tailoring";
  private static final String KNIT = "knit-season";
  private static final int MIN_LIFT_VOLUME = 100;

  @RegisterExtension static final StateStoreFixture STATE = StateStoreFixture.onSystemClock();

  @TempDir static Path profile;

  private static HeadlessBrowser browser;
  private static Instant now;

  @BeforeAll
  static void openThePage() throws Exception {
    Optional<Path> chromium = HeadlessBrowser.chromium();
    assertThat(chromium)
        .as("Chromium opens the dashboard in this test: install it (apt-get install chromium)")
        .isPresent();
    now = Instant.now();
    STATE.put(Regions.CAMPAIGN_KPIS, AUTUMN, autumn(380, new Holdout(900, 270, 100, 20)));
    STATE.put(Regions.CAMPAIGN_KPIS, KNIT, knit(new Holdout(90, 30, 10, 2)));
    STATE.put(Regions.STORE_KPIS, BERLIN, berlinKpis("2500.00"));
    STATE.put(Regions.STORE_CREDITS, BERLIN, berlinCredits());
    STATE.put(Regions.FOOTFALL, minute(HAMBURG, 21, 8).key(), minute(HAMBURG, 21, 8));
    browser =
        HeadlessBrowser.open(chromium.get(), profile, "http://127.0.0.1:" + STATE.apiPort() + "/");
    assertThat(browser.awaitText("live-status", "live"::equals, LOAD)).isEqualTo("live");
  }

  @AfterAll
  static void closeThePage() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @Order(1)
  void theCampaignTableShowsEachCampaignsReportUnderTheLastTouchModel() throws Exception {
    assertThat(browser.awaitText("campaign-autumn-tailoring-visits", "380"::equals, LOAD))
        .isEqualTo("380");
    assertThat(text("campaign-autumn-tailoring-spend")).isEqualTo("12000.00 EUR");
    assertThat(text("campaign-autumn-tailoring-revenue")).isEqualTo("28000.00 EUR");
    assertThat(text("campaign-autumn-tailoring-cost-per-visit")).isEqualTo("31.58 EUR");
    assertThat(text("campaign-autumn-tailoring-roas")).isEqualTo("2.33×");
    assertThat(text("campaign-autumn-tailoring-ctr")).isEqualTo("5.0%");
    assertThat(text("campaign-autumn-tailoring-cvr")).isEqualTo("25.0%");
    assertThat(text("campaign-autumn-tailoring-holdout"))
        .isEqualTo("exposed 270 / 900control 20 / 100");
    assertThat(text("campaign-autumn-tailoring-lift"))
        .isEqualTo(liftText(new Holdout(900, 270, 100, 20)));
    assertThat(text("campaign-knit-season-lift")).isEqualTo("not enough volume");
    assertThat(text("campaigns-total-visits")).isEqualTo("390");
  }

  @Test
  @Order(2)
  void campaignFiguresAndLiftFollowTheFeedWithinTwoSeconds() throws Exception {
    STATE.put(Regions.CAMPAIGN_KPIS, AUTUMN, autumn(400, new Holdout(900, 270, 100, 20)));
    assertThat(browser.awaitText("campaign-autumn-tailoring-visits", "400"::equals, LIVE))
        .isEqualTo("400");
    assertThat(text("campaign-autumn-tailoring-cost-per-visit")).isEqualTo("30.00 EUR");

    Holdout enough = new Holdout(150, 60, 120, 24);
    STATE.put(Regions.CAMPAIGN_KPIS, KNIT, knit(enough));
    String lift = liftText(enough);
    assertThat(browser.awaitText("campaign-knit-season-lift", lift::equals, LIVE)).isEqualTo(lift);
    assertThat(lift).startsWith("2.00×");
  }

  @Test
  @Order(3)
  void offersAndTheirRedemptionsAppearAsTheyHappen() throws Exception {
    Offer hamburg = offer("o-hh-1", "c-hh", HAMBURG, AUTUMN);
    Offer berlin = offer("o-be-1", "c-be", BERLIN, KNIT);
    STATE.put(Regions.OFFERS, hamburg.customerId(), hamburg);
    STATE.put(Regions.OFFERS, berlin.customerId(), berlin);
    assertThat(browser.awaitText("offers-count", "2"::equals, LIVE)).isEqualTo("2");
    assertThat(text("offer-o-hh-1-status")).isEqualTo("sent · 10% off · CODE-o-hh-1");

    Redemption accepted = redeemed(hamburg);
    Redemption refused = refusedUnknownCode(BERLIN, "CODE-FAKE");
    STATE.put(Regions.REDEMPTIONS, accepted.code(), accepted);
    STATE.put(Regions.REDEMPTIONS, refused.code(), refused);
    assertThat(browser.awaitText("refusals-count", "1"::equals, LIVE)).isEqualTo("1");
    assertThat(text("redemptions-count")).isEqualTo("1");
    assertThat(text("offer-o-hh-1-status")).isEqualTo("redeemed · 10% off · CODE-o-hh-1");
    assertThat(text("redemption-" + accepted.redemptionId() + "-status"))
        .isEqualTo("code accepted · CODE-o-hh-1");
    assertThat(text("redemption-" + refused.redemptionId() + "-status"))
        .isEqualTo("code refused: unknown-code · CODE-FAKE");
  }

  @Test
  @Order(4)
  void footfallPerStoreFollowsTheFeed() throws Exception {
    assertThat(text("footfall-hamburg-jungfernstieg-entries")).isEqualTo("21");
    FootfallMinute later = minute(HAMBURG, 24, 9);
    STATE.put(Regions.FOOTFALL, later.key(), later);
    assertThat(browser.awaitText("footfall-hamburg-jungfernstieg-entries", "24"::equals, LIVE))
        .isEqualTo("24");
    assertThat(text("footfall-hamburg-jungfernstieg-visits")).isEqualTo("9");
  }

  @Test
  @Order(5)
  void eachStoresFootfallTodayShowsEveryFigureAndFollowsTheFeedWithinTwoSeconds() throws Exception {
    assertThat(browser.awaitText("footfall-berlin-mitte-today-entries", "0"::equals, LOAD))
        .isEqualTo("0");
    assertThat(text("footfall-berlin-mitte-today-conversion")).isEqualTo("–");

    STATE.put(Regions.FOOTFALL, minute(HAMBURG, 24, 9).key(), today(HAMBURG, 9, 3, 4, 3, 2));
    assertThat(browser.awaitText("footfall-hamburg-jungfernstieg-today-exits", "20"::equals, LIVE))
        .isEqualTo("20");
    assertThat(todayFigures(HAMBURG))
        .containsExactly(
            "24", "20", "9", "6", "3", "75.0%", "3", "4", "1", "2", "0", "1", "0", "5");
    assertThat(text("footfall-hamburg-jungfernstieg-today-offers-redeemed")).isEqualTo("2");

    STATE.put(Regions.FOOTFALL, minute(HAMBURG, 24, 10).key(), today(HAMBURG, 10, 4, 5, 4, 3));
    assertThat(
            browser.awaitText(
                "footfall-hamburg-jungfernstieg-today-offers-redeemed", "3"::equals, LIVE))
        .isEqualTo("3");
    assertThat(todayFigures(HAMBURG))
        .containsExactly(
            "24", "20", "10", "6", "4", "80.0%", "4", "5", "1", "2", "0", "1", "1", "5");
  }

  @Test
  @Order(6)
  void switchingTheModelRecomputesTheTable() throws Exception {
    browser.select("model-filter", "first");
    assertThat(browser.awaitText("campaign-autumn-tailoring-visits", "500"::equals, LIVE))
        .isEqualTo("500");
    assertThat(text("campaign-autumn-tailoring-cost-per-visit")).isEqualTo("24.00 EUR");
    assertThat(text("campaign-autumn-tailoring-revenue")).isEqualTo("25000.00 EUR");
    assertThat(text("campaigns-model")).isEqualTo("first touch");
  }

  @Test
  @Order(7)
  void aCampaignFilterNarrowsTheTableAndTheOffersStream() throws Exception {
    browser.select("campaign-filter", KNIT);
    assertThat(browser.awaitText("campaigns-total-visits", "10"::equals, LIVE)).isEqualTo("10");
    assertThat(exists("campaign-autumn-tailoring")).isFalse();
    assertThat(exists("campaign-knit-season")).isTrue();
    assertThat(text("offers-count")).isEqualTo("1");
    assertThat(exists("offer-o-hh-1")).isFalse();
    assertThat(exists("offer-o-be-1")).isTrue();
    assertThat(text("redemptions-count")).isEqualTo("0");
    browser.select("campaign-filter", "");
    assertThat(browser.awaitText("campaigns-total-visits", "510"::equals, LIVE)).isEqualTo("510");
  }

  @Test
  @Order(8)
  void aStoreFilterShowsTheStoresKpisAndNarrowsEveryStorePanel() throws Exception {
    assertThat(browser.evaluate("document.getElementById('store-kpis').hidden")).isEqualTo("true");
    browser.select("store-filter", BERLIN);
    assertThat(browser.awaitText("store-kpi-online-share", "25.0%"::equals, LIVE))
        .isEqualTo("25.0%");
    assertThat(browser.evaluate("document.getElementById('store-kpis').hidden")).isEqualTo("false");
    assertThat(text("store-kpis-title")).isEqualTo("Berlin Mitte");
    assertThat(text("store-kpi-visits")).isEqualTo("200");
    assertThat(text("store-kpi-cvr")).isEqualTo("25.0%");
    assertThat(text("store-kpi-credit-pickup")).isEqualTo("119.80 EUR");
    assertThat(text("store-kpi-credit-influence")).isEqualTo("59.90 EUR");
    assertThat(exists("footfall-hamburg-jungfernstieg")).isFalse();
    assertThat(exists("footfall-berlin-mitte")).isTrue();
    assertThat(exists("footfall-hamburg-jungfernstieg-today-entries")).isFalse();
    assertThat(text("footfall-berlin-mitte-today-entries")).isEqualTo("0");
    assertThat(text("offers-count")).isEqualTo("1");
    assertThat(text("refusals-count")).isEqualTo("1");
    assertThat(text("redemptions-count")).isEqualTo("0");

    STATE.put(Regions.STORE_KPIS, BERLIN, berlinKpis("7500.00"));
    assertThat(browser.awaitText("store-kpi-online-share", "50.0%"::equals, LIVE))
        .isEqualTo("50.0%");
  }

  @Test
  @Order(9)
  void savesAScreenshotOfTheWholePage() throws Exception {
    browser.select("store-filter", "");
    browser.select("model-filter", "linear");
    assertThat(browser.awaitText("campaign-autumn-tailoring-visits", "400"::equals, LIVE))
        .isEqualTo("400");
    // Changed figures are highlighted for a moment; the screenshot waits until that has faded.
    Thread.sleep(1_500);
    Path screenshot = Path.of("target", "dashboard-browser-test.png").toAbsolutePath();
    browser.screenshot(screenshot);
    System.out.println("dashboard screenshot: " + screenshot);
    assertThat(screenshot).isNotEmptyFile();
  }

  private static String text(String elementId) throws Exception {
    return browser.awaitText(elementId, text -> !text.equals("(missing)"), LIVE);
  }

  private static boolean exists(String elementId) throws Exception {
    return browser.evaluate("document.getElementById('" + elementId + "') !== null").equals("true");
  }

  /** The lift cell as the page writes it: ratio, then the interval's bounds. */
  private static String liftText(Holdout holdout) {
    CampaignKpis.Lift lift = holdout.lift(MIN_LIFT_VOLUME).orElseThrow();
    return String.format(Locale.ROOT, "%.2f× %.2f–%.2f", lift.ratio(), lift.low(), lift.high());
  }

  /** Under last touch {@code lastVisits}; 500 visits under first, 400 linear, 420 time-decay. */
  private static CampaignKpis autumn(double lastVisits, Holdout holdout) {
    return new CampaignKpis(
        AUTUMN,
        "Autumn tailoring",
        new BigDecimal("12000.00"),
        "EUR",
        0.1,
        2000,
        100,
        20,
        300,
        List.of(
            totals(AttributionModel.FIRST, 500, 100, "20000", "5000"),
            totals(AttributionModel.LAST, lastVisits, lastVisits / 4, "22000", "6000"),
            totals(AttributionModel.LINEAR, 400, 100, "24000", "6000"),
            totals(AttributionModel.TIME_DECAY, 420, 100, "23000", "6000")),
        holdout,
        now);
  }

  private static CampaignKpis knit(Holdout holdout) {
    List<ModelTotals> models =
        List.of(
            totals(AttributionModel.FIRST, 10, 2, "500", "0"),
            totals(AttributionModel.LAST, 10, 2, "500", "0"),
            totals(AttributionModel.LINEAR, 10, 2, "500", "0"),
            totals(AttributionModel.TIME_DECAY, 10, 2, "500", "0"));
    return new CampaignKpis(
        KNIT,
        "Knit season",
        new BigDecimal("6000.00"),
        "EUR",
        0.1,
        100,
        5,
        0,
        0,
        models,
        holdout,
        now);
  }

  private static ModelTotals totals(
      AttributionModel model, double visits, double converted, String store, String online) {
    return new ModelTotals(model, visits, converted, new BigDecimal(store), new BigDecimal(online));
  }

  private static StoreKpis berlinKpis(String onlineSales) {
    return new StoreKpis(
        BERLIN,
        200,
        80,
        50,
        new BigDecimal("7500.00"),
        new BigDecimal(onlineSales),
        new BigDecimal("3000.00"),
        now);
  }

  private static StoreCreditTotals berlinCredits() {
    return new StoreCreditTotals(
        BERLIN,
        List.of(
            new RoleTotal(Role.PICKUP, "EUR", new BigDecimal("119.80"), 1, 1),
            new RoleTotal(Role.FULFILMENT, "EUR", BigDecimal.ZERO, 0, 0),
            new RoleTotal(Role.INFLUENCE, "EUR", new BigDecimal("59.90"), 1, 1),
            new RoleTotal(Role.ASSOCIATE, "EUR", BigDecimal.ZERO, 0, 0)),
        List.of(),
        now);
  }

  private static FootfallMinute minute(String storeId, long entries, long visits) {
    return new FootfallMinute(storeId, now.truncatedTo(ChronoUnit.MINUTES), entries, visits);
  }

  /**
   * The store's figures in today's current minute, 24 in and 20 out: {@code visits} begun, of them
   * {@code returning} returning, {@code closed} ended (one under 5 min, two 5 to 15, one 30 to 60,
   * the rest over an hour), {@code converted} with a purchase, 5 offers sent and {@code redeemed}.
   */
  private static FootfallMinute today(
      String storeId, long visits, long returning, long closed, long converted, long redeemed) {
    return new FootfallMinute(
        storeId,
        now.truncatedTo(ChronoUnit.MINUTES),
        24,
        visits,
        20,
        visits - returning,
        returning,
        closed,
        converted,
        1,
        2,
        0,
        1,
        closed - 4,
        5,
        redeemed);
  }

  /**
   * The store's figures today as the page shows them: entries, exits, visits, new, returning,
   * conversion, converted, closed, the five dwell buckets from the shortest, offers sent.
   */
  private static List<String> todayFigures(String storeId) throws Exception {
    List<String> figures = new ArrayList<>();
    for (String figure :
        List.of(
            "entries",
            "exits",
            "visits",
            "new",
            "returning",
            "conversion",
            "converted",
            "closed",
            "dwell-under5",
            "dwell-5to15",
            "dwell-15to30",
            "dwell-30to60",
            "dwell-over60",
            "offers-sent")) {
      figures.add(text("footfall-" + storeId + "-today-" + figure));
    }
    return figures;
  }

  private static Offer offer(String offerId, String customerId, String storeId, String campaign) {
    return new Offer(
        offerId,
        customerId,
        storeId,
        "v-" + offerId,
        "BLAZER-NAVY-50",
        campaign,
        Benefit.percentOff(10),
        "CODE-" + offerId,
        "cross-sell of an online view",
        now,
        now.plus(2, ChronoUnit.HOURS));
  }

  private static Redemption redeemed(Offer offer) {
    return new Redemption(
        "redemption-sale-" + offer.offerId(),
        offer.code(),
        offer.offerId(),
        offer.campaignId(),
        offer.customerId(),
        offer.storeId(),
        "sale-" + offer.offerId(),
        "receipt-" + offer.offerId(),
        offer.sku(),
        Redemption.Outcome.ACCEPTED,
        null,
        now,
        null);
  }

  private static Redemption refusedUnknownCode(String storeId, String code) {
    return new Redemption(
        "redemption-sale-" + code,
        code,
        null,
        null,
        null,
        storeId,
        "sale-" + code,
        "receipt-" + code,
        "SCARF-WOOL",
        Redemption.Outcome.REFUSED,
        Redemption.Refusal.UNKNOWN_CODE,
        now,
        null);
  }
}
