package dev.o2o.engagement;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.CampaignReport.Verdict;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Redemption.Outcome;
import dev.o2o.contract.Redemption.Refusal;
import dev.o2o.contract.TouchKind;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engagement topology at parallelism 2 with the parts that guard what reaches the till: sales
 * carrying offer codes, which overtake their offers here, and campaigns checked against the brand
 * policy as they arrive.
 */
class RedemptionAndPolicyJobTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant T0 = TestEngine.MORNING;
  private static final String STORE = "berlin-mitte";

  private final EngineConfig config = TestEngine.config();

  @Test
  void redeemsAnOfferCodeOnceAndRecordsEveryRefusal() throws Exception {
    String code = OfferSelector.code("offer-" + VisitDetector.visitId("cust-1", STORE, T0));
    List<PosSale> sales =
        List.of(
            sale("s-1", T0.plusSeconds(600), "cust-1", code),
            sale("s-2", T0.plusSeconds(900), "cust-1", code),
            sale("s-3", T0.plusSeconds(700), "cust-2", "NEVERISSUED"),
            sale("s-4", T0.plusSeconds(800), "cust-2", null));

    Run run =
        run(
            sales,
            List.of(
                new CampaignDefined(
                    "cd-1", T0.minusSeconds(7200), knitCampaign("knit-week", 20, "800.00", 20))));

    assertThat(run.offers())
        .extracting(Offer::customerId, Offer::code, Offer::sku)
        .contains(tuple("cust-1", code, "KNIT-MERINO-M"));
    assertThat(run.redemptions())
        .extracting(Redemption::saleEventId, Redemption::outcome, Redemption::refusal)
        .containsExactlyInAnyOrder(
            tuple("s-1", Outcome.ACCEPTED, null),
            tuple("s-2", Outcome.REFUSED, Refusal.ALREADY_REDEEMED),
            tuple("s-3", Outcome.REFUSED, Refusal.UNKNOWN_CODE));
  }

  @Test
  void refusesACampaignBreakingTheBrandPolicyAndNeverOffersIt() throws Exception {
    List<CampaignDefined> campaigns =
        List.of(
            new CampaignDefined(
                "cd-1", T0.minusSeconds(7200), knitCampaign("knit-flash", 50, "800.00", 50)),
            new CampaignDefined(
                "cd-2", T0.minusSeconds(7200), knitCampaign("knit-week", 20, "800.00", 20)));

    Run run = run(List.of(sale("s-1", T0.plusSeconds(800), "cust-3", null)), campaigns);

    assertThat(run.reports())
        .extracting(CampaignReport::campaignId, CampaignReport::verdict)
        .containsExactlyInAnyOrder(
            tuple("knit-flash", Verdict.REFUSED), tuple("knit-week", Verdict.ACCEPTED));
    assertThat(run.reports())
        .filteredOn(report -> report.verdict() == Verdict.REFUSED)
        .flatExtracting(CampaignReport::breaches)
        .extracting(PolicyBreach::rule)
        .containsExactly(PolicyRule.BENEFIT_ABOVE_MAXIMUM);
    assertThat(run.offers())
        .extracting(Offer::customerId, Offer::campaignId, Offer::percentOff)
        .contains(tuple("cust-2", "knit-week", 20));
    assertThat(run.offers()).extracting(Offer::campaignId).doesNotContain("knit-flash");
  }

  @Test
  void creditsABonusPointsOfferOnceEvenWhenItsRedemptionIsReadBackTwice() throws Exception {
    String code = OfferSelector.code("offer-" + VisitDetector.visitId("cust-1", STORE, T0));
    List<PosSale> sales = List.of(sale("s-1", T0.plusSeconds(600), "cust-1", code));
    List<CampaignDefined> campaigns =
        List.of(
            new CampaignDefined(
                "cd-1",
                T0.minusSeconds(7200),
                knitCampaign("knit-points", Benefit.bonusPoints(1000), "800.00", 20)));

    // The job reads its redemptions back from their topic; a restart may read some twice.
    List<Redemption> written = run(sales, campaigns, List.of()).redemptions();
    assertThat(written)
        .extracting(Redemption::outcome, Redemption::customerId, Redemption::benefit)
        .containsExactly(tuple(Outcome.ACCEPTED, "cust-1", Benefit.bonusPoints(1000)));
    List<Redemption> readBack = new ArrayList<>(written);
    readBack.addAll(written);
    Run again = run(sales, campaigns, readBack);

    List<MemberProfile> profiles =
        again.profiles().stream().filter(p -> p.customerId().equals("cust-1")).toList();
    assertThat(profiles).extracting(MemberProfile::points).allMatch(points -> points <= 99 + 1000);
    MemberProfile credited =
        profiles.stream().max(Comparator.comparingLong(MemberProfile::points)).orElseThrow();
    assertThat(credited.points()).isEqualTo(99 + 1000);
    assertThat(credited.ledger())
        .extracting(MemberProfile.PointsEntry::reference, MemberProfile.PointsEntry::points)
        .containsExactlyInAnyOrder(
            tuple("pos:s-1", 99L),
            tuple("offer:offer-" + VisitDetector.visitId("cust-1", STORE, T0), 1000L));
  }

  private record Run(
      List<Offer> offers,
      List<Redemption> redemptions,
      List<CampaignReport> reports,
      List<MemberProfile> profiles) {}

  private Run run(List<PosSale> sales, List<CampaignDefined> campaigns) throws Exception {
    return run(sales, campaigns, List.of());
  }

  private Run run(List<PosSale> sales, List<CampaignDefined> campaigns, List<Redemption> redeemed)
      throws Exception {
    List<CustomerUpdated> customers =
        List.of(
            new CustomerUpdated("c-1", T0.minusSeconds(3600), "cust-1", "gold", true),
            new CustomerUpdated("c-2", T0.minusSeconds(3600), "cust-2", "basic", true));
    List<OnlineTouch> touches =
        List.of(
            new OnlineTouch(
                "t-1",
                T0.minusSeconds(600),
                "cust-9",
                TouchKind.ADD_TO_CART,
                null,
                "CHINO-BEIGE-32"));
    List<BeaconSighting> sightings =
        List.of(
            new BeaconSighting("b-1", T0, STORE, "bm-entrance", "cust-1", -60),
            new BeaconSighting("b-2", T0.plusSeconds(20), STORE, "bm-floor", "cust-1", -60),
            new BeaconSighting("b-3", T0.plusSeconds(30), STORE, "bm-entrance", "cust-2", -60),
            new BeaconSighting("b-4", T0.plusSeconds(40), STORE, "bm-floor", "cust-2", -60),
            new BeaconSighting(
                "b-5", T0.plusSeconds(1200), "hamburg-jungfernstieg", "hh-entrance", "cust-9", -60),
            new BeaconSighting(
                "b-6", T0.plusSeconds(1220), "hamburg-jungfernstieg", "hh-floor", "cust-9", -60));

    StreamExecutionEnvironment env = BoundedInputs.environment();
    EngagementJob.Outputs out =
        EngagementJob.topology(
            BoundedInputs.paced(
                env, BeaconSighting.class, BeaconSighting::occurredAt, sightings, 4),
            BoundedInputs.of(env, CustomerUpdated.class, CustomerUpdated::occurredAt, customers),
            BoundedInputs.of(env, OnlineTouch.class, OnlineTouch::occurredAt, touches),
            BoundedInputs.of(env, PosSale.class, PosSale::occurredAt, sales),
            BoundedInputs.none(env, OrderPlaced.class),
            BoundedInputs.of(env, CampaignDefined.class, CampaignDefined::occurredAt, campaigns),
            BoundedInputs.none(env, CampaignBudget.class),
            redeemed.isEmpty()
                ? BoundedInputs.none(env, Redemption.class)
                : BoundedInputs.of(env, Redemption.class, Redemption::occurredAt, redeemed),
            config,
            new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    CloseableIterator<Offer> offers = out.offers().collectAsync();
    CloseableIterator<Redemption> redemptions = out.redemptions().collectAsync();
    CloseableIterator<CampaignReport> reports = out.campaignReports().collectAsync();
    CloseableIterator<MemberProfile> profiles = out.profiles().collectAsync();
    env.execute("redemption-and-policy-test");
    return new Run(drain(offers), drain(redemptions), drain(reports), drain(profiles));
  }

  private static Campaign knitCampaign(
      String id, int percentOff, String budget, int parityBandPercent) {
    return knitCampaign(id, Benefit.percentOff(percentOff), budget, parityBandPercent);
  }

  private static Campaign knitCampaign(
      String id, Benefit benefit, String budget, int parityBandPercent) {
    return new Campaign(
        id,
        id,
        List.of("knitwear"),
        benefit,
        T0.minusSeconds(7200),
        T0.plusSeconds(86_400),
        new BigDecimal("500.00"),
        "EUR",
        0,
        new BigDecimal(budget),
        parityBandPercent);
  }

  private static PosSale sale(String eventId, Instant at, String customerId, String code) {
    return new PosSale(
        eventId,
        at,
        STORE,
        "rc-" + eventId,
        "KNIT-MERINO-M",
        1,
        new BigDecimal("99.00"),
        "EUR",
        customerId,
        code);
  }
}
