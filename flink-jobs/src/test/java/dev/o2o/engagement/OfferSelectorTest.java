package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignAudience;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CustomerSegment;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OfferSelectorTest {
  private static final String CUSTOMER = "cust-1";
  private static final String STORE = "berlin-mitte";
  private static final Instant T0 = TestEngine.MORNING;

  private EngineConfig config = TestEngine.config();
  private KeyedBroadcastOperatorTestHarness<String, CustomerSignal, CampaignUpdate, Offer> harness;
  private int sequence;

  private void open(StockLookup stock) throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new OfferSelector(config, stock),
            CustomerSignal::customerId,
            Types.STRING,
            OfferSelector.CAMPAIGNS,
            OfferSelector.BUDGETS);
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void offersNothingWithoutConsent() throws Exception {
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50", "SHIRT-OXF-WHT-M"));
    touch(TouchKind.ADD_TO_CART, "BLAZER-NAVY-50");
    arrive(T0);

    membership(false);
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers()).isEmpty();
  }

  @Test
  void offersTheCartedSkuWithTheCampaignBenefit() throws Exception {
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50", "CHINO-BEIGE-32"));
    membership(true);
    touch(TouchKind.ADD_TO_CART, "BLAZER-NAVY-50");
    Visit visit = arrive(T0);

    Offer offer = offers().get(0);
    assertThat(offer.sku()).isEqualTo("BLAZER-NAVY-50");
    assertThat(offer.campaignId()).isEqualTo("autumn-tailoring");
    assertThat(offer.percentOff()).isEqualTo(10);
    assertThat(offer.offerId()).isEqualTo("offer-" + visit.visitId());
    assertThat(offer.code()).hasSize(8).isEqualTo(OfferSelector.code(offer.offerId()));
    assertThat(offer.issuedAt()).isEqualTo(T0);
    assertThat(offer.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
  }

  @Test
  void neverOffersAnItemOutOfStockInThatStore() throws Exception {
    open(
        new StockInMemory()
            .with(STORE, "SHIRT-OXF-WHT-M")
            .with("hamburg-jungfernstieg", "BLAZER-NAVY-50"));
    membership(true);
    touch(TouchKind.ADD_TO_CART, "BLAZER-NAVY-50");
    arrive(T0);

    assertThat(offers()).singleElement().extracting(Offer::sku).isEqualTo("SHIRT-OXF-WHT-M");
  }

  @Test
  void offersNothingWhenNoCandidateIsInStock() throws Exception {
    open(new StockInMemory());
    membership(true);
    touch(TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    arrive(T0);

    assertThat(offers()).isEmpty();
  }

  @Test
  void suggestsWhatGoesWithAPurchaseInsteadOfThePurchaseItself() throws Exception {
    open(new StockInMemory().with(STORE, "CHINO-BEIGE-32", "BELT-LEATHER-90"));
    membership(true);
    touch(TouchKind.ADD_TO_CART, "CHINO-BEIGE-32");
    purchase("CHINO-BEIGE-32");
    arrive(T0);

    assertThat(offers())
        .singleElement()
        .satisfies(
            offer -> {
              assertThat(offer.sku()).isEqualTo("BELT-LEATHER-90");
              assertThat(offer.percentOff()).isZero();
              assertThat(offer.campaignId()).isNull();
            });
  }

  @Test
  void offersNothingAgainWithinTheCooldown() throws Exception {
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50"));
    membership(true);
    arrive(T0);
    arrive(T0.plus(Duration.ofHours(3)));
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers())
        .extracting(Offer::issuedAt)
        .containsExactly(T0, T0.plus(Duration.ofDays(1)));
  }

  @Test
  void offersNothingInTheStoresLocalQuietHours() throws Exception {
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50"));
    membership(true);
    arrive(Instant.parse("2026-11-23T21:30:00Z"));
    arrive(Instant.parse("2026-11-24T06:59:00Z"));

    assertThat(offers()).isEmpty();

    arrive(Instant.parse("2026-11-24T07:00:00Z"));
    assertThat(offers()).hasSize(1);
  }

  @Test
  void aCampaignDefinedAtRuntimeTakesEffect() throws Exception {
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    arrive(T0);
    assertThat(offers()).isEmpty();

    harness.processBroadcastElement(
        CampaignUpdate.of(
            new CampaignDefined(
                "c-1",
                T0,
                new Campaign(
                    "knit-week",
                    "Knit week",
                    List.of("knitwear"),
                    Benefit.percentOff(30),
                    T0.minus(Duration.ofDays(1)),
                    T0.plus(Duration.ofDays(7)),
                    new BigDecimal("500.00"),
                    "EUR",
                    0.1,
                    new BigDecimal("200.00"),
                    30))),
        T0.toEpochMilli());
    arrive(T0.plus(Duration.ofHours(1)));

    assertThat(offers())
        .singleElement()
        .satisfies(
            offer -> {
              assertThat(offer.sku()).isEqualTo("KNIT-MERINO-M");
              assertThat(offer.campaignId()).isEqualTo("knit-week");
              assertThat(offer.percentOff()).isEqualTo(30);
              assertThat(offer.reason()).isEqualTo("Knit week");
            });
  }

  @Test
  void offersAtMostOnceADayByDefaultEvenAfterTheCooldown() throws Exception {
    config = TestEngine.config(Map.of("engagement.offerCooldown", "1h"));
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50"));
    membership(true);
    arrive(T0);
    arrive(T0.plus(Duration.ofHours(2)));
    arrive(T0.plus(Duration.ofHours(23)));
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers())
        .extracting(Offer::issuedAt)
        .containsExactly(T0, T0.plus(Duration.ofDays(1)));
  }

  @Test
  void offersAtMostThreeAWeekByDefault() throws Exception {
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50"));
    membership(true);
    for (int day = 0; day <= 7; day++) {
      arrive(T0.plus(Duration.ofDays(day)));
    }

    assertThat(offers())
        .extracting(Offer::issuedAt)
        .containsExactly(
            T0,
            T0.plus(Duration.ofDays(1)),
            T0.plus(Duration.ofDays(2)),
            T0.plus(Duration.ofDays(7)));
  }

  @Test
  void capsOffersOverThirtyDays() throws Exception {
    config =
        TestEngine.config(
            Map.of(
                "engagement.offerCooldown", "1h",
                "engagement.frequencyCaps", "[{window: 30d, max: 8}]"));
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50"));
    membership(true);
    for (int day = 0; day < 10; day++) {
      arrive(T0.plus(Duration.ofDays(day)));
    }
    arrive(T0.plus(Duration.ofDays(30)));

    assertThat(offers()).hasSize(9);
    assertThat(offers().get(7).issuedAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
    assertThat(offers().get(8).issuedAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
  }

  @Test
  void everyCapHoldsAtOnceAlongsideTheCooldown() throws Exception {
    config =
        TestEngine.config(
            Map.of(
                "engagement.offerCooldown", "30m",
                "engagement.frequencyCaps", "[{window: 4h, max: 2}, {window: 1d, max: 3}]"));
    open(new StockInMemory().with(STORE, "BLAZER-NAVY-50"));
    membership(true);
    for (int quarter = 0; quarter < 48; quarter++) {
      arrive(T0.plus(Duration.ofMinutes(15L * quarter)));
    }

    assertThat(offers())
        .extracting(Offer::issuedAt)
        .containsExactly(T0, T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(4)));
  }

  @Test
  void aCampaignOffersEachMemberAtMostItsPerMemberCap() throws Exception {
    config =
        TestEngine.config(
            Map.of("engagement.offerCooldown", "1h", "engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knitWeek(2));
    for (int day = 0; day < 3; day++) {
      arrive(T0.plus(Duration.ofDays(day)));
    }

    assertThat(offers())
        .extracting(Offer::campaignId, Offer::issuedAt)
        .containsExactly(tuple("knit-week", T0), tuple("knit-week", T0.plus(Duration.ofDays(1))));
  }

  @Test
  void aCampaignAtItsPerMemberCapLeavesTheMemberToOtherCandidates() throws Exception {
    config =
        TestEngine.config(
            Map.of("engagement.offerCooldown", "1h", "engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M", "CHINO-BEIGE-32"));
    membership(true);
    touch(TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32");
    define(knitWeek(1));
    arrive(T0);
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers())
        .extracting(Offer::sku, Offer::campaignId)
        .containsExactly(tuple("KNIT-MERINO-M", "knit-week"), tuple("CHINO-BEIGE-32", null));
  }

  @Test
  void theProfileKeepsOnlyTheOfferTimesTheCapsNeed() {
    CustomerProfile profile = CustomerProfile.unknown();
    for (int day = 0; day < 40; day++) {
      Offer offer = offerAt(T0.plus(Duration.ofDays(day)), day % 2 == 0 ? "a" : "b");
      profile = profile.withOffer(offer, Duration.ofDays(30), 8);
    }

    assertThat(profile.offerTimes())
        .hasSize(8)
        .allSatisfy(time -> assertThat(time).isAfter(T0.plus(Duration.ofDays(9))));
    assertThat(profile.offersOf("a")).isEqualTo(20);
    assertThat(profile.offersOf("b")).isEqualTo(20);
    assertThat(profile.offersWithin(Duration.ofDays(7), T0.plus(Duration.ofDays(40)))).isEqualTo(6);
  }

  @Test
  void theProfileCountsOffersOfTheMostRecentCampaignsOnly() {
    CustomerProfile profile = CustomerProfile.unknown();
    for (int i = 0; i <= CustomerProfile.CAMPAIGNS; i++) {
      profile =
          profile.withOffer(offerAt(T0.plusSeconds(i), "campaign-" + i), Duration.ofDays(1), 1);
    }

    assertThat(profile.campaignOffers()).hasSize(CustomerProfile.CAMPAIGNS);
    assertThat(profile.offersOf("campaign-0")).isZero();
    assertThat(profile.offersOf("campaign-" + CustomerProfile.CAMPAIGNS)).isEqualTo(1);
  }

  @Test
  void aFirstPurchaseCampaignReachesOnlyMembersWhoBoughtNothingInEitherChannel() throws Exception {
    CampaignAudience firstPurchase = new CampaignAudience(true, List.of(), List.of());
    config = TestEngine.config(Map.of("engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knitWeekFor(firstPurchase));
    arrive(T0);
    purchase("CHINO-BEIGE-32");
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers()).extracting(Offer::campaignId).containsExactly("knit-week");
  }

  @Test
  void anOnlineOrderEndsTheFirstPurchaseAudienceToo() throws Exception {
    CampaignAudience firstPurchase = new CampaignAudience(true, List.of(), List.of());
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knitWeekFor(firstPurchase));
    harness.processElement(
        CustomerSignal.of(
            new OrderPlaced(
                id(),
                T0,
                "o-1",
                CUSTOMER,
                Fulfilment.SHIP,
                null,
                "EUR",
                List.of(new OrderLine("CHINO-BEIGE-32", 1, new BigDecimal("39.00"))),
                null,
                null,
                null)),
        0);
    arrive(T0);

    assertThat(offers()).isEmpty();
  }

  @Test
  void aTierCampaignReachesOnlyMembersOfItsTiers() throws Exception {
    config = TestEngine.config(Map.of("engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    define(knitWeekFor(new CampaignAudience(false, List.of("gold", "platinum"), List.of())));
    membership(true, "silver");
    arrive(T0);
    membership(true, "gold");
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers()).extracting(Offer::issuedAt).containsExactly(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void aSegmentCampaignReachesOnlyMembersOfItsSegments() throws Exception {
    config = TestEngine.config(Map.of("engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knitWeekFor(new CampaignAudience(false, List.of(), List.of(CustomerSegment.VIP))));
    purchase("BLAZER-NAVY-50");
    arrive(T0);
    for (int i = 0; i < 13; i++) {
      purchase("BLAZER-NAVY-50");
    }
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers())
        .extracting(Offer::issuedAt, Offer::campaignId)
        .containsExactly(tuple(T0.plus(Duration.ofDays(1)), "knit-week"));
  }

  @Test
  void everyAudienceRuleMustHold() throws Exception {
    config = TestEngine.config(Map.of("engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    define(knitWeekFor(new CampaignAudience(true, List.of("gold"), List.of(CustomerSegment.NEW))));
    membership(true, "silver");
    arrive(T0);
    membership(true, "gold");
    purchase("CHINO-BEIGE-32");
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers()).isEmpty();
  }

  @Test
  void aCampaignWhoseBudgetIsUsedUpIsNoLongerOffered() throws Exception {
    config = TestEngine.config(Map.of("engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knitWeek(null));
    budget("199.99");
    arrive(T0);
    budget("200.00");
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers())
        .extracting(Offer::issuedAt, Offer::campaignId)
        .containsExactly(tuple(T0, "knit-week"));
  }

  @Test
  void raisingTheBudgetOfAnExhaustedCampaignOffersItAgain() throws Exception {
    config = TestEngine.config(Map.of("engagement.frequencyCaps", "[]"));
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knitWeek(null));
    budget("250.00");
    arrive(T0);
    Campaign raised = knitWeek(null);
    define(
        new Campaign(
            raised.campaignId(),
            raised.name(),
            raised.categories(),
            raised.benefit(),
            raised.startsAt(),
            raised.endsAt(),
            raised.spend(),
            raised.currency(),
            raised.holdoutShare(),
            new BigDecimal("400.00"),
            raised.parityBandPercent()));
    arrive(T0.plus(Duration.ofDays(1)));

    assertThat(offers())
        .extracting(Offer::issuedAt, Offer::campaignId)
        .containsExactly(tuple(T0.plus(Duration.ofDays(1)), "knit-week"));
  }

  @Test
  void anOlderBudgetStatusArrivingLateDoesNotRestartTheCampaign() throws Exception {
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knitWeek(null));
    budget("210.00");
    budget("120.00");
    arrive(T0);

    assertThat(offers()).isEmpty();
    assertThat(harness.getBroadcastState(OfferSelector.BUDGETS).get("knit-week").committed())
        .isEqualByComparingTo("210.00");
  }

  @Test
  void offersAnAmountOffInTheCatalogueCurrency() throws Exception {
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knit("knit-tenner", Benefit.amountOff(new BigDecimal("10.00"), "EUR")));
    arrive(T0);

    assertThat(offers())
        .singleElement()
        .satisfies(
            offer -> {
              assertThat(offer.campaignId()).isEqualTo("knit-tenner");
              assertThat(offer.benefit())
                  .isEqualTo(Benefit.amountOff(new BigDecimal("10.00"), "EUR"));
              assertThat(offer.benefit().describe()).isEqualTo("10.00 EUR off");
              assertThat(offer.percentOff()).isNull();
            });
  }

  @Test
  void offersBonusPoints() throws Exception {
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knit("knit-points", Benefit.bonusPoints(800)));
    arrive(T0);

    assertThat(offers())
        .singleElement()
        .satisfies(
            offer -> {
              assertThat(offer.campaignId()).isEqualTo("knit-points");
              assertThat(offer.benefit()).isEqualTo(Benefit.bonusPoints(800));
            });
  }

  @Test
  void picksTheCampaignWorthMostOnTheItemWhateverItsKind() throws Exception {
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M"));
    membership(true);
    define(knit("knit-percent", Benefit.percentOff(10)));
    define(knit("knit-amount", Benefit.amountOff(new BigDecimal("15.00"), "EUR")));
    define(knit("knit-points", Benefit.bonusPoints(1200)));
    arrive(T0);

    assertThat(offers()).singleElement().extracting(Offer::campaignId).isEqualTo("knit-amount");
  }

  @Test
  void ranksAnAmountOffByItsShareOfEachItemsPrice() throws Exception {
    open(new StockInMemory().with(STORE, "KNIT-MERINO-M", "BELT-LEATHER-90"));
    membership(true);
    touch(TouchKind.PRODUCT_VIEW, "KNIT-MERINO-M");
    touch(TouchKind.PRODUCT_VIEW, "BELT-LEATHER-90");
    define(
        new Campaign(
            "twelve-off",
            "Twelve off",
            List.of("knitwear", "accessories"),
            Benefit.amountOff(new BigDecimal("12.00"), "EUR"),
            T0.minus(Duration.ofDays(1)),
            T0.plus(Duration.ofDays(60)),
            new BigDecimal("500.00"),
            "EUR",
            0,
            new BigDecimal("200.00"),
            30));
    arrive(T0);

    assertThat(offers()).singleElement().extracting(Offer::sku).isEqualTo("BELT-LEATHER-90");
  }

  private static Campaign knit(String id, Benefit benefit) {
    return new Campaign(
        id,
        id,
        List.of("knitwear"),
        benefit,
        T0.minus(Duration.ofDays(1)),
        T0.plus(Duration.ofDays(60)),
        new BigDecimal("500.00"),
        "EUR",
        0,
        new BigDecimal("200.00"),
        30);
  }

  private void budget(String committed) throws Exception {
    harness.processBroadcastElement(
        CampaignUpdate.of(
            CampaignBudget.of(
                "knit-week", new BigDecimal("200.00"), new BigDecimal(committed), "EUR", 3, T0)),
        T0.toEpochMilli());
  }

  private static Campaign knitWeekFor(CampaignAudience audience) {
    Campaign knit = knitWeek(null);
    return new Campaign(
        knit.campaignId(),
        knit.name(),
        knit.categories(),
        knit.benefit(),
        knit.startsAt(),
        knit.endsAt(),
        knit.spend(),
        knit.currency(),
        knit.holdoutShare(),
        knit.budget(),
        knit.parityBandPercent(),
        null,
        audience);
  }

  private static Offer offerAt(Instant at, String campaignId) {
    return new Offer(
        "offer-" + at.toEpochMilli(),
        CUSTOMER,
        STORE,
        "visit-" + at.toEpochMilli(),
        "KNIT-MERINO-M",
        campaignId,
        Benefit.percentOff(10),
        "ABCDEFGH",
        "on promotion",
        at,
        at.plus(Duration.ofHours(2)));
  }

  private static Campaign knitWeek(Integer maxOffersPerMember) {
    return new Campaign(
        "knit-week",
        "Knit week",
        List.of("knitwear"),
        Benefit.percentOff(30),
        T0.minus(Duration.ofDays(1)),
        T0.plus(Duration.ofDays(60)),
        new BigDecimal("500.00"),
        "EUR",
        0.1,
        new BigDecimal("200.00"),
        30,
        maxOffersPerMember,
        null);
  }

  private void define(Campaign campaign) throws Exception {
    harness.processBroadcastElement(
        CampaignUpdate.of(new CampaignDefined(id(), T0, campaign)), T0.toEpochMilli());
  }

  private void membership(boolean consent) throws Exception {
    membership(consent, "gold");
  }

  private void membership(boolean consent, String tier) throws Exception {
    harness.processElement(
        CustomerSignal.of(new CustomerUpdated(id(), T0, CUSTOMER, tier, consent)), 0);
  }

  private void touch(TouchKind kind, String sku) throws Exception {
    harness.processElement(
        CustomerSignal.of(new OnlineTouch(id(), T0, CUSTOMER, kind, null, sku)), 0);
  }

  private void purchase(String sku) throws Exception {
    harness.processElement(
        CustomerSignal.of(
            new PosSale(
                id(), T0, STORE, "r-1", sku, 1, new BigDecimal("79.90"), "EUR", CUSTOMER, null)),
        0);
  }

  private Visit arrive(Instant at) throws Exception {
    Visit visit =
        new Visit("visit-" + id(), CUSTOMER, STORE, at.minusSeconds(10), at, VisitStatus.OPEN, 2);
    harness.processElement(CustomerSignal.of(visit), at.toEpochMilli());
    return visit;
  }

  private List<Offer> offers() {
    return harness.extractOutputValues();
  }

  private String id() {
    return "e-" + ++sequence;
  }
}
