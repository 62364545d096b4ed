package dev.o2o.footfall;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.o2o.config.AttributionSettings;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs a generated four-day scenario through the footfall job at parallelism 2 and compares each
 * campaign's totals with a reference computed here, independently and sequentially, from the same
 * events: several touches per customer of two campaigns and one never defined, repeated touches and
 * visits, sales during and after visits, online orders, touches outside a campaign's run, and every
 * input slightly out of order within the watermark's bound; and again with some touches hours late,
 * behind the watermark, after the visits and purchases they earned were credited.
 */
class AttributionReferenceTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant START = TestEngine.MORNING.minus(Duration.ofDays(3));
  private static final int CUSTOMERS = 120;
  private static final List<String> STORES = List.of("berlin-mitte", "hamburg-jungfernstieg");
  private static final List<TouchKind> KINDS =
      List.of(
          TouchKind.IMPRESSION, TouchKind.CLICK, TouchKind.COUPON_CLAIM, TouchKind.PRODUCT_VIEW);

  private final EngineConfig base = TestEngine.config(Map.of("engine.maxOutOfOrderness", "1h"));
  private final AttributionSettings settings = base.attribution();
  private final Campaign autumn = base.campaigns().get(0);
  private final Campaign knit =
      new Campaign(
          "knit-season",
          "Knit season",
          List.of("knitwear"),
          Benefit.percentOff(15),
          START.plus(Duration.ofDays(1)),
          START.plus(Duration.ofDays(4)),
          new BigDecimal("6000.00"),
          "EUR",
          0.3,
          null,
          null);
  private final List<Campaign> campaigns = List.of(autumn, knit);

  private final List<OnlineTouch> touches = new ArrayList<>();
  private final List<Visit> visits = new ArrayList<>();
  private final List<Purchase> purchases = new ArrayList<>();

  @Test
  void campaignTotalsMatchTheReferenceUnderEveryModelAndHoldout() throws Exception {
    generate(new Random(20261123));
    List<OnlineTouch> jittered = jitter(touches, OnlineTouch::occurredAt);
    runAndCompare(
        env -> BoundedInputs.of(env, OnlineTouch.class, OnlineTouch::occurredAt, jittered));
  }

  /**
   * One touch in six reaches the job three hours after it happened, two hours behind the watermark:
   * what it earned was credited without it, and is credited again when it comes.
   */
  @Test
  void lateTouchesCorrectTheTotalsTheyWereMissingFrom() throws Exception {
    generate(new Random(20261124));
    Random delays = new Random(7);
    Map<OnlineTouch, Instant> readAt = new HashMap<>();
    for (OnlineTouch touch : touches) {
      boolean late = delays.nextInt(6) == 0;
      readAt.putIfAbsent(touch, touch.occurredAt().plus(late ? LATE_BY : Duration.ZERO));
    }
    List<OnlineTouch> arriving = new ArrayList<>(touches);
    arriving.sort(Comparator.comparing(readAt::get));
    runAndCompare(
        env ->
            BoundedInputs.paced(
                env, OnlineTouch.class, OnlineTouch::occurredAt, arriving, TOUCHES_PER_SECOND));
  }

  private static final Duration LATE_BY = Duration.ofHours(3);
  private static final double TOUCHES_PER_SECOND = 400;

  private void runAndCompare(Function<StreamExecutionEnvironment, DataStream<OnlineTouch>> input)
      throws Exception {

    StreamExecutionEnvironment env = BoundedInputs.environment();
    FootfallJob.Outputs out =
        FootfallJob.topology(
            BoundedInputs.of(
                env,
                DoorCount.class,
                DoorCount::occurredAt,
                List.of(new DoorCount("d-1", START, "berlin-mitte", "main", 1, 0))),
            BoundedInputs.of(
                env,
                Visit.class,
                AttributionReferenceTest::timeOf,
                jitter(visits, AttributionReferenceTest::timeOf)),
            input.apply(env),
            BoundedInputs.of(
                env, Purchase.class, Purchase::occurredAt, jitter(purchases, Purchase::occurredAt)),
            BoundedInputs.of(
                env,
                CampaignDefined.class,
                CampaignDefined::occurredAt,
                List.of(new CampaignDefined("cd-1", START.minus(Duration.ofDays(1)), autumn))),
            BoundedInputs.of(env, Offer.class, Offer::issuedAt, List.of(offer())),
            BoundedInputs.of(env, Redemption.class, Redemption::occurredAt, List.of(redemption())),
            withCampaigns(base, campaigns));
    CloseableIterator<CampaignKpis> kpis = out.campaignKpis().collectAsync();
    env.execute("attribution-reference-test");

    Map<String, CampaignKpis> actual = new LinkedHashMap<>();
    drain(kpis).forEach(k -> actual.put(k.campaignId(), k));
    Map<String, Expected> expected = reference();

    assertThat(expected.get("knit-season").holdout.controlMembers()).isPositive();
    assertThat(expected.get("autumn-tailoring").visits.get(AttributionModel.LINEAR)).isPositive();
    for (Map.Entry<String, Expected> entry : expected.entrySet()) {
      String campaignId = entry.getKey();
      Expected want = entry.getValue();
      CampaignKpis got = actual.get(campaignId);
      assertThat(got).as(campaignId).isNotNull();
      assertThat(got.impressions()).as(campaignId + " impressions").isEqualTo(want.impressions);
      assertThat(got.clicks()).as(campaignId + " clicks").isEqualTo(want.clicks);
      for (AttributionModel model : AttributionModel.values()) {
        String what = campaignId + " " + model;
        CampaignKpis.ModelTotals totals = got.model(model);
        assertThat(totals.visits())
            .as(what + " visits")
            .isCloseTo(want.visits.get(model), within(1e-9));
        assertThat(totals.convertedVisits())
            .as(what + " converted")
            .isCloseTo(want.converted.get(model), within(1e-9));
        assertThat(totals.storeRevenue())
            .as(what + " store revenue")
            .isEqualByComparingTo(want.storeRevenue.get(model));
        assertThat(totals.onlineRevenue())
            .as(what + " online revenue")
            .isEqualByComparingTo(want.onlineRevenue.get(model));
      }
      if (campaigns.stream().anyMatch(c -> c.campaignId().equals(campaignId))) {
        assertThat(got.holdout()).as(campaignId + " holdout").isEqualTo(want.holdout);
      }
    }
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  private void generate(Random random) {
    int touchId = 0;
    int visitId = 0;
    int saleId = 0;
    long span = Duration.ofDays(4).toMillis();
    for (int c = 0; c < CUSTOMERS; c++) {
      String customer = "member-" + c;
      int touchCount = random.nextInt(7);
      for (int i = 0; i < touchCount; i++) {
        double pick = random.nextDouble();
        String campaign =
            pick < 0.45 ? autumn.campaignId() : pick < 0.9 ? knit.campaignId() : "spring-preview";
        OnlineTouch touch =
            new OnlineTouch(
                "t-" + ++touchId,
                START.plusMillis((long) (random.nextDouble() * span)),
                customer,
                KINDS.get(random.nextInt(KINDS.size())),
                campaign,
                null);
        touches.add(touch);
        if (random.nextDouble() < 0.1) {
          touches.add(touch);
        }
      }
      int visitCount = random.nextInt(4);
      // A customer's visits never overlap, as the visit detector makes them: each takes its own
      // slot of the four days, with the sale an hour after it still inside the slot.
      long slot = span / 3;
      for (int i = 0; i < visitCount; i++) {
        Instant entered =
            START.plusMillis(
                i * slot + (long) (random.nextDouble() * (slot - Duration.ofHours(3).toMillis())));
        Instant left = entered.plus(Duration.ofMinutes(5 + random.nextInt(40)));
        String store = STORES.get(random.nextInt(STORES.size()));
        String id = "v-" + ++visitId;
        Visit open = new Visit(id, customer, store, entered, entered, VisitStatus.OPEN, 2);
        visits.add(open);
        if (random.nextDouble() < 0.1) {
          visits.add(open);
        }
        visits.add(new Visit(id, customer, store, entered, left, VisitStatus.CLOSED, 9));
        long stay = Duration.between(entered, left).toMillis();
        int salesDuring = random.nextDouble() < 0.5 ? 1 + random.nextInt(2) : 0;
        for (int s = 0; s < salesDuring; s++) {
          purchases.add(
              sale(
                  "s-" + ++saleId,
                  customer,
                  store,
                  entered.plusMillis(1 + random.nextInt((int) stay - 1)),
                  random));
        }
        if (random.nextDouble() < 0.2) {
          purchases.add(
              sale("s-" + ++saleId, customer, store, left.plus(Duration.ofHours(1)), random));
        }
      }
      if (random.nextDouble() < 0.3) {
        purchases.add(
            new Purchase(
                "o-" + c,
                customer,
                PurchaseChannel.ONLINE,
                null,
                START.plusMillis((long) (random.nextDouble() * span)),
                money(random),
                "EUR"));
      }
    }
  }

  private static Purchase sale(
      String id, String customer, String store, Instant at, Random random) {
    return new Purchase(id, customer, PurchaseChannel.STORE, store, at, money(random), "EUR");
  }

  private static BigDecimal money(Random random) {
    return BigDecimal.valueOf(1000 + random.nextInt(19_000), 2);
  }

  /** Sorted by time, then pairs of neighbours less than half a second apart swapped. */
  private static <T> List<T> jitter(List<T> values, Function<T, Instant> time) {
    List<T> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.comparing(time));
    for (int i = 1; i < sorted.size(); i += 2) {
      Duration gap = Duration.between(time.apply(sorted.get(i - 1)), time.apply(sorted.get(i)));
      if (gap.toMillis() < 500) {
        T previous = sorted.get(i - 1);
        sorted.set(i - 1, sorted.get(i));
        sorted.set(i, previous);
      }
    }
    return sorted;
  }

  private static Instant timeOf(Visit visit) {
    return visit.status() == VisitStatus.OPEN ? visit.enteredAt() : visit.lastSeenAt();
  }

  /** What one campaign's totals must be. */
  private static final class Expected {
    long impressions;
    long clicks;
    final Map<AttributionModel, Double> visits = zeros();
    final Map<AttributionModel, Double> converted = zeros();
    final Map<AttributionModel, BigDecimal> storeRevenue = moneyZeros();
    final Map<AttributionModel, BigDecimal> onlineRevenue = moneyZeros();
    CampaignKpis.Holdout holdout = CampaignKpis.Holdout.EMPTY;

    private static Map<AttributionModel, Double> zeros() {
      Map<AttributionModel, Double> map = new TreeMap<>();
      for (AttributionModel model : AttributionModel.values()) {
        map.put(model, 0.0);
      }
      return map;
    }

    private static Map<AttributionModel, BigDecimal> moneyZeros() {
      Map<AttributionModel, BigDecimal> map = new TreeMap<>();
      for (AttributionModel model : AttributionModel.values()) {
        map.put(model, BigDecimal.ZERO);
      }
      return map;
    }
  }

  private Map<String, Expected> reference() {
    Map<String, OnlineTouch> distinctTouches = new LinkedHashMap<>();
    touches.forEach(t -> distinctTouches.putIfAbsent(t.eventId(), t));
    Map<String, Visit> closed = new HashMap<>();
    visits.stream()
        .filter(v -> v.status() == VisitStatus.CLOSED)
        .forEach(v -> closed.put(v.visitId(), v));
    Map<String, Purchase> distinctPurchases = new LinkedHashMap<>();
    purchases.forEach(p -> distinctPurchases.putIfAbsent(p.eventId(), p));

    Map<String, Expected> expected = new TreeMap<>();
    for (OnlineTouch touch : distinctTouches.values()) {
      Expected e = expected.computeIfAbsent(touch.campaignId(), id -> new Expected());
      e.impressions += touch.kind() == TouchKind.IMPRESSION ? 1 : 0;
      e.clicks += touch.kind() == TouchKind.CLICK ? 1 : 0;
    }
    for (Visit visit : closed.values()) {
      Map<String, Map<AttributionModel, Double>> shares =
          shares(distinctTouches.values(), visit.customerId(), visit.enteredAt());
      boolean convertedVisit =
          distinctPurchases.values().stream()
              .anyMatch(
                  p ->
                      p.channel() == PurchaseChannel.STORE
                          && p.customerId().equals(visit.customerId())
                          && p.storeId().equals(visit.storeId())
                          && !p.occurredAt().isBefore(visit.enteredAt())
                          && !p.occurredAt().isAfter(visit.lastSeenAt()));
      shares.forEach(
          (campaign, byModel) ->
              byModel.forEach(
                  (model, share) -> {
                    Expected e = expected.get(campaign);
                    e.visits.merge(model, share, Double::sum);
                    if (convertedVisit) {
                      e.converted.merge(model, share, Double::sum);
                    }
                  }));
    }
    for (Purchase purchase : distinctPurchases.values()) {
      shares(distinctTouches.values(), purchase.customerId(), purchase.occurredAt())
          .forEach(
              (campaign, byModel) ->
                  byModel.forEach(
                      (model, share) -> {
                        BigDecimal credited =
                            purchase
                                .amount()
                                .multiply(BigDecimal.valueOf(share))
                                .setScale(4, RoundingMode.HALF_EVEN);
                        Expected e = expected.get(campaign);
                        (purchase.channel() == PurchaseChannel.STORE
                                ? e.storeRevenue
                                : e.onlineRevenue)
                            .merge(model, credited, BigDecimal::add);
                      }));
    }
    for (Campaign campaign : campaigns) {
      long[] counts = new long[4];
      Map<String, Instant> joined = new TreeMap<>();
      for (OnlineTouch touch : distinctTouches.values()) {
        if (touch.campaignId().equals(campaign.campaignId())
            && campaign.runsAt(touch.occurredAt())) {
          joined.merge(touch.customerId(), touch.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      joined.forEach(
          (customer, at) -> {
            boolean control =
                Campaign.holdoutDraw(campaign.campaignId(), customer) < campaign.holdoutShare();
            boolean visited =
                closed.values().stream()
                    .anyMatch(
                        v ->
                            v.customerId().equals(customer)
                                && !v.enteredAt().isBefore(at)
                                && v.enteredAt().isBefore(at.plus(settings.clickWindow())));
            counts[control ? 2 : 0]++;
            if (visited) {
              counts[control ? 3 : 1]++;
            }
          });
      expected.get(campaign.campaignId()).holdout =
          new CampaignKpis.Holdout(counts[0], counts[1], counts[2], counts[3]);
    }
    return expected;
  }

  /**
   * Each campaign's share of a visit or purchase at {@code at} under each model, from the
   * customer's touches in their windows, computed directly from the models' definitions.
   */
  private Map<String, Map<AttributionModel, Double>> shares(
      Iterable<OnlineTouch> all, String customer, Instant at) {
    List<OnlineTouch> earning = new ArrayList<>();
    for (OnlineTouch touch : all) {
      Duration window =
          touch.kind() == TouchKind.CLICK || touch.kind() == TouchKind.COUPON_CLAIM
              ? settings.clickWindow()
              : settings.viewWindow();
      if (touch.customerId().equals(customer)
          && !touch.occurredAt().isAfter(at)
          && at.isBefore(touch.occurredAt().plus(window))) {
        earning.add(touch);
      }
    }
    earning.sort(Comparator.comparing(OnlineTouch::occurredAt).thenComparing(OnlineTouch::eventId));
    Map<String, Map<AttributionModel, Double>> result = new TreeMap<>();
    if (earning.isEmpty()) {
      return result;
    }
    double halfLifeHours = settings.decayHalfLife().toMillis() / 3_600_000.0;
    double total = 0;
    double[] weights = new double[earning.size()];
    for (int i = 0; i < earning.size(); i++) {
      double ageHours = Duration.between(earning.get(i).occurredAt(), at).toMillis() / 3_600_000.0;
      weights[i] = Math.exp(-Math.log(2) * ageHours / halfLifeHours);
      total += weights[i];
    }
    for (int i = 0; i < earning.size(); i++) {
      Map<AttributionModel, Double> byModel =
          result.computeIfAbsent(earning.get(i).campaignId(), id -> new TreeMap<>());
      byModel.merge(AttributionModel.FIRST, i == 0 ? 1.0 : 0.0, Double::sum);
      byModel.merge(AttributionModel.LAST, i == earning.size() - 1 ? 1.0 : 0.0, Double::sum);
      byModel.merge(AttributionModel.LINEAR, 1.0 / earning.size(), Double::sum);
      byModel.merge(AttributionModel.TIME_DECAY, weights[i] / total, Double::sum);
    }
    return result;
  }

  private static Offer offer() {
    return new Offer(
        "o-1",
        "c-0",
        "berlin-mitte",
        "v-0",
        "SKU-1",
        "autumn-tailoring",
        Benefit.percentOff(10),
        "CODE-1",
        "arrival",
        START,
        START.plus(Duration.ofHours(2)));
  }

  private static Redemption redemption() {
    return new Redemption(
        "r-1",
        "CODE-1",
        "o-1",
        "autumn-tailoring",
        "c-0",
        "berlin-mitte",
        "s-0",
        "rc-0",
        "SKU-1",
        Redemption.Outcome.ACCEPTED,
        null,
        START,
        null);
  }

  private static EngineConfig withCampaigns(EngineConfig c, List<Campaign> campaigns) {
    return new EngineConfig(
        c.source(),
        c.profile(),
        c.engine(),
        c.kafka(),
        c.mqtt(),
        c.geode(),
        c.http(),
        c.stores(),
        c.warehouse(),
        c.catalogue(),
        campaigns,
        c.engagement(),
        c.attribution(),
        c.simulator(),
        c.inventory(),
        c.footfall(),
        c.gateway());
  }
}
