package dev.o2o.footfall;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.CampaignStats;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.StoreKpis;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FootfallJobTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant MINUTE = TestEngine.MORNING;

  /** Visits and purchases wait for the watermark alone, however slowly the test runs. */
  private static final EngineConfig PATIENT =
      TestEngine.config(Map.of("engine.maxOutOfOrderness", "1h"));

  @Test
  void countsFootfallPerStoreMinuteAndAttributesVisitsToCampaigns() throws Exception {
    DoorCount repeated = new DoorCount("d-1", MINUTE.plusSeconds(10), "berlin-mitte", "main", 3, 0);
    List<DoorCount> doorCounts =
        List.of(
            repeated,
            repeated,
            new DoorCount("d-2", MINUTE.plusSeconds(40), "berlin-mitte", "main", 2, 1),
            new DoorCount("d-3", MINUTE.plusSeconds(65), "berlin-mitte", "main", 1, 0),
            new DoorCount("d-4", MINUTE.plusSeconds(30), "hamburg-jungfernstieg", "main", 4, 0));
    List<OnlineTouch> touches =
        List.of(
            new OnlineTouch(
                "t-1",
                MINUTE.minus(Duration.ofDays(2)),
                "cust-1",
                TouchKind.CLICK,
                "autumn-tailoring",
                null),
            new OnlineTouch(
                "t-2",
                MINUTE.minus(Duration.ofHours(2)),
                "cust-2",
                TouchKind.IMPRESSION,
                "knit-season",
                null));
    List<Visit> visits =
        List.of(
            visit("v-1", "cust-1", MINUTE.plusSeconds(20), VisitStatus.OPEN),
            visit("v-2", "cust-2", MINUTE.plusSeconds(50), VisitStatus.OPEN),
            visit("v-1", "cust-1", MINUTE.plusSeconds(20), VisitStatus.ZONE_CHANGED),
            visit("v-1", "cust-1", MINUTE.plusSeconds(20), VisitStatus.CLOSED),
            visit("v-3", "cust-3", MINUTE.plusSeconds(55), VisitStatus.OPEN),
            visit("v-2", "cust-2", MINUTE.plusSeconds(50), VisitStatus.CLOSED),
            visit("v-1", "cust-1", MINUTE.plusSeconds(20), VisitStatus.CLOSED),
            // cust-2's visit two days ago turns up late: too late for its own minute, but it
            // makes v-2 a returning visitor's.
            visit("v-0", "cust-2", MINUTE.minus(Duration.ofDays(2)), VisitStatus.CLOSED));
    Offer offer =
        new Offer(
            "o-1",
            "cust-2",
            "berlin-mitte",
            "v-2",
            "SKU-1",
            "knit-season",
            Benefit.percentOff(15),
            "KNIT-1",
            "arrival",
            MINUTE.plusSeconds(52),
            MINUTE.plus(Duration.ofHours(2)));

    Purchase sale =
        new Purchase(
            "s-1",
            "cust-2",
            PurchaseChannel.STORE,
            "berlin-mitte",
            MINUTE.plusSeconds(58),
            new BigDecimal("45.00"),
            "EUR");

    Purchase anonymous =
        new Purchase(
            "s-2",
            null,
            PurchaseChannel.STORE,
            "berlin-mitte",
            MINUTE.plusSeconds(59),
            new BigDecimal("20.00"),
            "EUR");

    StreamExecutionEnvironment env = BoundedInputs.environment();
    FootfallJob.Outputs out =
        FootfallJob.topology(
            BoundedInputs.of(env, DoorCount.class, DoorCount::occurredAt, doorCounts),
            BoundedInputs.paced(env, Visit.class, Visit::enteredAt, visits, 4),
            BoundedInputs.of(env, OnlineTouch.class, OnlineTouch::occurredAt, touches),
            BoundedInputs.of(
                env, Purchase.class, Purchase::occurredAt, List.of(sale, anonymous, anonymous)),
            BoundedInputs.of(
                env,
                CampaignDefined.class,
                CampaignDefined::occurredAt,
                List.of(
                    new CampaignDefined("cd-1", MINUTE.minus(Duration.ofDays(3)), knitSeason()))),
            BoundedInputs.of(env, Offer.class, Offer::issuedAt, List.of(offer, offer)),
            BoundedInputs.of(
                env,
                Redemption.class,
                Redemption::occurredAt,
                List.of(
                    redemption("r-1", Redemption.Outcome.ACCEPTED, null),
                    redemption("r-1", Redemption.Outcome.ACCEPTED, null),
                    redemption("r-2", Redemption.Outcome.REFUSED, Redemption.Refusal.EXPIRED))),
            PATIENT);
    CloseableIterator<FootfallMinute> footfall = out.footfall().collectAsync();
    CloseableIterator<AttributedVisit> attributions = out.attributions().collectAsync();
    CloseableIterator<CampaignStats> stats = out.campaignStats().collectAsync();
    CloseableIterator<CampaignKpis> kpis = out.campaignKpis().collectAsync();
    CloseableIterator<AttributedPurchase> purchases = out.purchases().collectAsync();
    CloseableIterator<StoreKpis> stores = out.storeKpis().collectAsync();
    CloseableIterator<DeadLetter> late = out.lateFootfall().collectAsync();
    env.execute("footfall-test");

    // A minute's totals come from one subtask, in order: the last one is the minute's figure.
    Map<String, FootfallMinute> minutes = new HashMap<>();
    drain(footfall).forEach(minute -> minutes.put(minute.key(), minute));
    assertThat(minutes.values())
        .containsExactlyInAnyOrder(
            // entries, visits, exits, new, returning, closed, converted, 5 dwell buckets, offers
            // sent and redeemed
            new FootfallMinute("berlin-mitte", MINUTE, 5, 3, 1, 2, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1),
            new FootfallMinute(
                "berlin-mitte", MINUTE.plusSeconds(60), 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0),
            new FootfallMinute("hamburg-jungfernstieg", MINUTE, 4, 0));
    assertThat(drain(late))
        .extracting(letter -> Json.decode(letter.payload(), MinuteDelta.class).id())
        .containsExactlyInAnyOrder("visit:v-0#begun", "visit:v-0#closed");
    assertThat(drain(attributions))
        .extracting(
            AttributedVisit::visitId,
            visit -> visit.campaigns().get(0).campaignId(),
            visit -> visit.touches().get(0).kind())
        .containsExactlyInAnyOrder(
            tuple("v-1", "autumn-tailoring", TouchKind.CLICK),
            tuple("v-2", "knit-season", TouchKind.IMPRESSION));
    Map<String, CampaignStats> latestStats =
        BoundedInputs.latest(
            drain(stats),
            CampaignStats::campaignId,
            Comparator.comparingLong(CampaignStats::attributedVisits));
    assertThat(drain(purchases))
        .singleElement()
        .satisfies(
            purchase -> {
              assertThat(purchase.visitId()).isEqualTo("v-2");
              assertThat(purchase.convertsVisit()).isTrue();
            });
    CampaignKpis knit =
        BoundedInputs.latest(
                drain(kpis),
                CampaignKpis::campaignId,
                Comparator.comparing(
                    (CampaignKpis k) ->
                        k.impressions()
                            + k.model(AttributionModel.LAST).visits()
                            + k.model(AttributionModel.LAST).convertedVisits()
                            + k.model(AttributionModel.LAST).storeRevenue().doubleValue()))
            .get("knit-season");
    assertThat(knit.name()).isEqualTo("Knit season");
    assertThat(knit.spend()).isEqualByComparingTo("6000.00");
    assertThat(knit.impressions()).isEqualTo(1);
    assertThat(knit.model(AttributionModel.LINEAR).visits()).isEqualTo(1);
    assertThat(knit.model(AttributionModel.LINEAR).convertedVisits()).isEqualTo(1);
    assertThat(knit.model(AttributionModel.LINEAR).storeRevenue()).isEqualByComparingTo("45.00");
    Map<String, StoreKpis> byStore = new HashMap<>();
    drain(stores).forEach(store -> byStore.put(store.storeId(), store));
    StoreKpis mitte = byStore.get("berlin-mitte");
    assertThat(mitte.visits()).isEqualTo(3);
    assertThat(mitte.attributedVisits()).isEqualTo(2);
    assertThat(mitte.convertedVisits()).isEqualTo(1);
    assertThat(mitte.storeSales()).isEqualByComparingTo("65.00");
    assertThat(mitte.attributedStoreSales()).isEqualByComparingTo("45.00");
    assertThat(latestStats.values())
        .extracting(CampaignStats::campaignId, CampaignStats::attributedVisits)
        .containsExactlyInAnyOrder(tuple("autumn-tailoring", 1L), tuple("knit-season", 1L));
  }

  private static Campaign knitSeason() {
    return new Campaign(
        "knit-season",
        "Knit season",
        List.of("knitwear"),
        Benefit.percentOff(15),
        MINUTE.minus(Duration.ofDays(30)),
        MINUTE.plus(Duration.ofDays(30)),
        new BigDecimal("6000.00"),
        "EUR",
        0,
        null,
        null);
  }

  private static Redemption redemption(
      String id, Redemption.Outcome outcome, Redemption.Refusal refusal) {
    return new Redemption(
        id,
        "KNIT-1",
        "o-1",
        "knit-season",
        "cust-2",
        "berlin-mitte",
        "s-" + id,
        "rc-" + id,
        "SKU-1",
        outcome,
        refusal,
        MINUTE.plusSeconds(58),
        null);
  }

  private static Visit visit(String visitId, String customerId, Instant at, VisitStatus status) {
    return new Visit(visitId, customerId, "berlin-mitte", at, at.plusSeconds(30), status, 2);
  }
}
