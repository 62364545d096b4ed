package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.EarnedTouch;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttributorTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final double HALF_LIFE_HOURS = 48;
  private static final Duration PATIENCE = Duration.ofSeconds(5);
  private static final List<OutputTag<?>> SIDE_OUTPUTS =
      List.of(
          Attributor.PURCHASES,
          Attributor.NEW_TOUCHES,
          Attributor.CONVERSIONS,
          Attributor.WITHDRAWALS);

  private KeyedOneInputStreamOperatorTestHarness<String, CustomerActivity, AttributedVisit> harness;

  @BeforeEach
  void open() throws Exception {
    harness = attributor(null);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void sharesAVisitAmongItsTouchesUnderEveryModel() throws Exception {
    touch("t-a1", "autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofDays(3)));
    touch("t-k1", "knit-season", TouchKind.COUPON_CLAIM, T0.minus(Duration.ofDays(2)));
    touch("t-a2", "autumn-tailoring", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0, VisitStatus.OPEN);
    harness.processWatermark(T0.toEpochMilli());

    AttributedVisit credited = single(harness.extractOutputValues());
    assertThat(credited.touches())
        .extracting(EarnedTouch::eventId)
        .containsExactly("t-a1", "t-k1", "t-a2");
    Map<String, CampaignCredit> byCampaign = byCampaign(credited.campaigns());
    CampaignCredit autumn = byCampaign.get("autumn-tailoring");
    CampaignCredit knit = byCampaign.get("knit-season");
    assertThat(autumn.shares().first()).isEqualTo(1);
    assertThat(autumn.shares().last()).isEqualTo(1);
    assertThat(autumn.shares().linear()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(knit.shares().linear()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(knit.shares().first()).isZero();
    double a1 = Math.pow(0.5, 71 / HALF_LIFE_HOURS);
    double k1 = Math.pow(0.5, 47 / HALF_LIFE_HOURS);
    double a2 = 1;
    assertThat(knit.shares().timeDecay()).isCloseTo(k1 / (a1 + k1 + a2), within(1e-12));
    assertThat(autumn.shares().timeDecay()).isCloseTo((a1 + a2) / (a1 + k1 + a2), within(1e-12));
  }

  @Test
  void everyModelsSharesAddUpToOnePerVisit() throws Exception {
    for (int i = 0; i < 9; i++) {
      touch(
          "t-" + i,
          i % 2 == 0 ? "autumn-tailoring" : "knit-season",
          i % 3 == 0 ? TouchKind.IMPRESSION : TouchKind.CLICK,
          T0.minus(Duration.ofHours(2 + 7 * i)));
    }
    visit("v-1", T0, VisitStatus.OPEN);
    harness.processWatermark(T0.toEpochMilli());

    AttributedVisit credited = single(harness.extractOutputValues());
    for (AttributionModel model : AttributionModel.values()) {
      double campaigns = credited.campaigns().stream().mapToDouble(c -> c.shares().of(model)).sum();
      double touches = credited.touches().stream().mapToDouble(t -> t.shares().of(model)).sum();
      assertThat(campaigns).as(model.toString()).isCloseTo(1, within(1e-12));
      assertThat(touches).as(model.toString()).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void touchesOutsideTheirWindowsOrAfterTheVisitEarnNothing() throws Exception {
    touch("t-1", "autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofDays(7)));
    touch("t-2", "knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofDays(1)));
    touch("t-3", "knit-season", TouchKind.PRODUCT_VIEW, T0.minus(Duration.ofHours(23)));
    touch("t-4", "autumn-tailoring", TouchKind.CLICK, T0.plusSeconds(1));
    visit("v-1", T0, VisitStatus.OPEN);
    harness.processWatermark(T0.plusSeconds(1).toEpochMilli());

    assertThat(single(harness.extractOutputValues()).touches())
        .extracting(EarnedTouch::eventId)
        .containsExactly("t-3");
  }

  @Test
  void aTouchArrivingAfterTheVisitButBeforeTheWatermarkStillEarnsIt() throws Exception {
    visit("v-1", T0, VisitStatus.OPEN);
    touch("t-late", "knit-season", TouchKind.CLICK, T0.minusSeconds(30));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(T0.toEpochMilli());

    assertThat(single(harness.extractOutputValues()).touches())
        .extracting(EarnedTouch::eventId)
        .containsExactly("t-late");
  }

  @Test
  void whatWaitsIsCreditedAfterThePatienceWhenTheWatermarkDoesNotCome() throws Exception {
    harness.setProcessingTime(0);
    harness.processWatermark(T0.minus(Duration.ofHours(2)).toEpochMilli());
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(60));
    harness.setProcessingTime(PATIENCE.toMillis() - 1);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(PATIENCE.toMillis() + 1000);

    assertThat(single(harness.extractOutputValues()).isAttributed()).isTrue();
    assertThat(purchases()).singleElement().satisfies(p -> assertThat(p.convertsVisit()).isTrue());
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void beforeTheFirstWatermarkALiveVisitIsCreditedAfterThePatience() throws Exception {
    harness.setProcessingTime(T0.toEpochMilli());
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0, VisitStatus.OPEN);
    harness.setProcessingTime(T0.plus(PATIENCE).plusSeconds(1).toEpochMilli());

    assertThat(single(harness.extractOutputValues()).isAttributed()).isTrue();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  /** The visit happened long before the processing time: a backlog, read before its touches. */
  @Test
  void beforeTheFirstWatermarkAVisitOfABacklogWaitsForItInsteadOfThePatience() throws Exception {
    harness.setProcessingTime(T0.plus(Duration.ofDays(1)).toEpochMilli());
    visit("v-1", T0, VisitStatus.OPEN);
    harness.setProcessingTime(
        T0.plus(Duration.ofDays(1)).plus(PATIENCE.multipliedBy(10)).toEpochMilli());
    assertThat(harness.extractOutputValues()).isEmpty();

    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    harness.processWatermark(T0.toEpochMilli());

    assertThat(single(harness.extractOutputValues()).isAttributed()).isTrue();
    assertThat(harness.getSideOutput(Attributor.WITHDRAWALS)).isNull();
  }

  @Test
  void whileTheWatermarkMovesAVisitWaitsForItsTouchesInsteadOfThePatience() throws Exception {
    harness.setProcessingTime(0);
    harness.processWatermark(T0.minusSeconds(600).toEpochMilli());
    visit("v-1", T0, VisitStatus.OPEN);
    harness.processWatermark(T0.minusSeconds(300).toEpochMilli());
    harness.setProcessingTime(PATIENCE.toMillis() + 1000);
    assertThat(harness.extractOutputValues()).isEmpty();

    // Catching up: the click that earned the visit arrives after the visit, then the watermark.
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    harness.processWatermark(T0.toEpochMilli());

    assertThat(single(harness.extractOutputValues()).isAttributed()).isTrue();
    harness.setProcessingTime(3 * (PATIENCE.toMillis() + 1000));
    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void aVisitWaitingWhileTheWatermarkStandsStillIsCreditedAfterThePatience() throws Exception {
    harness.setProcessingTime(0);
    harness.processWatermark(T0.minusSeconds(600).toEpochMilli());
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0, VisitStatus.OPEN);
    harness.processWatermark(T0.minusSeconds(300).toEpochMilli());
    harness.setProcessingTime(PATIENCE.toMillis() + 1000);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(2 * (PATIENCE.toMillis() + 1000));

    assertThat(single(harness.extractOutputValues()).isAttributed()).isTrue();
  }

  @Test
  void aVisitBehindTheWatermarkIsCreditedAtOnce() throws Exception {
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    harness.processWatermark(T0.plusSeconds(60).toEpochMilli());
    visit("v-1", T0, VisitStatus.OPEN);

    assertThat(single(harness.extractOutputValues()).isAttributed()).isTrue();
  }

  @Test
  void repeatedTouchesVisitsAndPurchasesAreCountedOnce() throws Exception {
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0, VisitStatus.OPEN);
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(60));
    sale("s-1", T0.plusSeconds(60));
    harness.processWatermark(T0.plusSeconds(60).toEpochMilli());
    visit("v-1", T0, VisitStatus.OPEN);

    AttributedVisit credited = single(harness.extractOutputValues());
    assertThat(credited.touches()).hasSize(1);
    assertThat(credited.campaigns().get(0).shares().linear()).isEqualTo(1);
    assertThat(harness.getSideOutput(Attributor.PURCHASES)).hasSize(1);
    assertThat(harness.getSideOutput(Attributor.NEW_TOUCHES)).hasSize(1);
  }

  @Test
  void aSaleDuringTheVisitConvertsItOnceAndCarriesItsOwnCredit() throws Exception {
    touch("t-1", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(120));
    sale("s-2", T0.plusSeconds(180));
    harness.processWatermark(T0.plusSeconds(180).toEpochMilli());

    List<AttributedPurchase> purchases = purchases();
    assertThat(purchases)
        .extracting(AttributedPurchase::eventId, AttributedPurchase::visitId)
        .containsExactly(tuple("s-1", "v-1"), tuple("s-2", "v-1"));
    assertThat(purchases)
        .extracting(AttributedPurchase::convertsVisit)
        .containsExactly(true, false);
    assertThat(purchases.get(0).amount()).isEqualByComparingTo("79.90");
    assertThat(purchases.get(0).campaigns())
        .extracting(CampaignCredit::campaignId)
        .containsExactly("knit-season");
    assertThat(harness.getSideOutput(Attributor.CONVERSIONS))
        .extracting(record -> record.getValue().visitId())
        .containsExactly("v-1");
  }

  @Test
  void aLateTouchCreditsAgainWhatItEarnedAndWithdrawsTheEarlierCredit() throws Exception {
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(120));
    harness.processWatermark(T0.plusSeconds(120).toEpochMilli());
    assertThat(single(harness.extractOutputValues()).isAttributed()).isFalse();

    touch("t-late", "knit-season", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));

    List<AttributedVisit> credits = harness.extractOutputValues();
    assertThat(credits).hasSize(2);
    assertThat(credits.get(1).campaigns())
        .extracting(CampaignCredit::campaignId)
        .containsExactly("knit-season");
    assertThat(purchases())
        .extracting(p -> p.campaigns().size(), AttributedPurchase::convertsVisit)
        .containsExactly(tuple(0, true), tuple(1, true));
    assertThat(harness.getSideOutput(Attributor.WITHDRAWALS))
        .extracting(record -> record.getValue())
        .extracting(
            w -> w.visit() == null ? null : w.visit().visitId(),
            Withdrawal::converted,
            w -> w.purchase() == null ? null : w.purchase().eventId())
        .containsExactly(tuple("v-1", true, null), tuple(null, false, "s-1"));
  }

  @Test
  void totalsWithALateTouchEqualTotalsWithTheTouchOnTime() throws Exception {
    touch("t-1", "autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofHours(5)));
    touch("t-2", "knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(2)));
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(60));
    sale("s-2", T0.plusSeconds(90));
    harness.processWatermark(T0.plusSeconds(90).toEpochMilli());
    Totals onTime = totals();

    close();
    open();
    touch("t-1", "autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofHours(5)));
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(60));
    harness.processWatermark(T0.plusSeconds(60).toEpochMilli());
    touch("t-2", "knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(2)));
    sale("s-2", T0.plusSeconds(90));
    harness.processWatermark(T0.plusSeconds(90).toEpochMilli());
    touch("t-2", "knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(2)));

    assertThat(harness.getSideOutput(Attributor.WITHDRAWALS)).hasSize(2);
    Totals late = totals();
    assertThat(late.store()).isEqualTo(onTime.store());
    assertThat(late.campaigns().keySet()).isEqualTo(onTime.campaigns().keySet());
    onTime
        .campaigns()
        .forEach(
            (key, value) -> assertThat(late.campaigns().get(key)).isCloseTo(value, within(1e-9)));
  }

  @Test
  void aSaleAfterTheVisitClosedConvertsNothing() throws Exception {
    visit("v-1", T0, VisitStatus.OPEN);
    harness.processElement(
        CustomerActivity.of(
            new Visit(
                "v-1", "cust-1", "berlin-mitte", T0, T0.plusSeconds(300), VisitStatus.CLOSED, 5)),
        T0.plusSeconds(300).toEpochMilli());
    sale("s-1", T0.plusSeconds(900));
    harness.processWatermark(T0.plusSeconds(900).toEpochMilli());

    assertThat(purchases()).singleElement().satisfies(p -> assertThat(p.visitId()).isNull());
    assertThat(harness.getSideOutput(Attributor.CONVERSIONS)).isNull();
  }

  @Test
  void anOnlineOrderIsCreditedWithoutAVisit() throws Exception {
    touch("t-1", "autumn-tailoring", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(3)));
    harness.processElement(
        CustomerActivity.of(
            new Purchase(
                "o-1",
                "cust-1",
                PurchaseChannel.ONLINE,
                null,
                T0,
                new BigDecimal("120.00"),
                "EUR")),
        T0.toEpochMilli());
    harness.processWatermark(T0.toEpochMilli());

    assertThat(purchases())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.channel()).isEqualTo(PurchaseChannel.ONLINE);
              assertThat(p.convertsVisit()).isFalse();
              assertThat(p.campaigns())
                  .extracting(CampaignCredit::campaignId)
                  .containsExactly("autumn-tailoring");
            });
  }

  @Test
  void keepsAtMostTheNewestTouchesPerCustomer() throws Exception {
    for (int i = 0; i < Attributor.MAX_TOUCHES + 5; i++) {
      touch("t-" + i, "knit-season", TouchKind.CLICK, T0.minusSeconds(10_000 - i));
    }
    visit("v-1", T0, VisitStatus.OPEN);
    harness.processWatermark(T0.toEpochMilli());

    List<EarnedTouch> touches = single(harness.extractOutputValues()).touches();
    assertThat(touches).hasSize(Attributor.MAX_TOUCHES);
    assertThat(touches.get(0).eventId()).isEqualTo("t-5");
  }

  @Test
  void stateAndTimersAreCleanedUpOnceWindowsAndRetentionHavePassed() throws Exception {
    touch("t-1", "autumn-tailoring", TouchKind.CLICK, T0.minus(Duration.ofHours(1)));
    touch("t-2", "knit-season", TouchKind.IMPRESSION, T0.minus(Duration.ofHours(1)));
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(60));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processWatermark(T0.plus(Duration.ofDays(8)).toEpochMilli());

    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void goesOnAfterARestoreAsItWouldHaveWithoutOne() throws Exception {
    beforeTheCheckpoint();
    harness.snapshot(1, 1);
    clearOutputs();
    afterTheCheckpoint();
    List<List<?>> uninterrupted = outputs();
    harness.close();

    harness = attributor(null);
    beforeTheCheckpoint();
    OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
    harness.close();
    harness = attributor(checkpoint);
    afterTheCheckpoint();

    assertThat(outputs()).isEqualTo(uninterrupted);
    assertThat(uninterrupted).allSatisfy(output -> assertThat(output).isNotEmpty());
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  /** Touches of every kind, a credited visit and sale, one waiting of each, many touches kept. */
  private void beforeTheCheckpoint() throws Exception {
    for (int i = 0; i < 50; i++) {
      touch(
          "t-" + i,
          i % 2 == 0 ? "autumn-tailoring" : "knit-season",
          TouchKind.values()[i % TouchKind.values().length],
          T0.minus(Duration.ofMinutes(5 + 7 * i)));
    }
    visit("v-1", T0, VisitStatus.OPEN);
    sale("s-1", T0.plusSeconds(60));
    harness.processWatermark(T0.plusSeconds(120).toEpochMilli());
    visit("v-1", T0, VisitStatus.CLOSED);
    visit("v-2", T0.plusSeconds(3_600), VisitStatus.OPEN);
    sale("s-2", T0.plusSeconds(3_700));
  }

  /** A late touch that credits again, the waiting visit and sale credited, all state expired. */
  private void afterTheCheckpoint() throws Exception {
    touch("t-late", "knit-season", TouchKind.CLICK, T0.minusSeconds(30));
    sale("s-1", T0.plusSeconds(60));
    harness.processWatermark(T0.plusSeconds(4_000).toEpochMilli());
    harness.processWatermark(T0.plus(Duration.ofDays(8)).toEpochMilli());
  }

  private KeyedOneInputStreamOperatorTestHarness<String, CustomerActivity, AttributedVisit>
      attributor(OperatorSubtaskState restoreFrom) throws Exception {
    Attributor attributor = new Attributor(TestEngine.config().attribution(), PATIENCE);
    if (restoreFrom == null) {
      return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
          attributor, CustomerActivity::customerId, Types.STRING);
    }
    KeyedOneInputStreamOperatorTestHarness<String, CustomerActivity, AttributedVisit> restored =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(attributor), CustomerActivity::customerId, Types.STRING);
    restored.setup();
    restored.initializeState(restoreFrom);
    restored.open();
    return restored;
  }

  private void clearOutputs() {
    harness.getOutput().clear();
    for (OutputTag<?> tag : SIDE_OUTPUTS) {
      if (harness.getSideOutput(tag) != null) {
        harness.getSideOutput(tag).clear();
      }
    }
  }

  /** The credited visits, then each side output's records, in the order they came. */
  private List<List<?>> outputs() {
    List<List<?>> outputs = new java.util.ArrayList<>();
    outputs.add(harness.extractOutputValues());
    for (OutputTag<?> tag : SIDE_OUTPUTS) {
      outputs.add(
          harness.getSideOutput(tag) == null
              ? List.of()
              : harness.getSideOutput(tag).stream().map(record -> record.getValue()).toList());
    }
    return outputs;
  }

  private void touch(String eventId, String campaignId, TouchKind kind, Instant at)
      throws Exception {
    harness.processElement(
        CustomerActivity.of(new OnlineTouch(eventId, at, "cust-1", kind, campaignId, null)),
        at.toEpochMilli());
  }

  private void visit(String visitId, Instant at, VisitStatus status) throws Exception {
    harness.processElement(
        CustomerActivity.of(
            new Visit(visitId, "cust-1", "berlin-mitte", at, at.plusSeconds(10), status, 2)),
        at.toEpochMilli());
  }

  private void sale(String eventId, Instant at) throws Exception {
    harness.processElement(
        CustomerActivity.of(
            new Purchase(
                eventId,
                "cust-1",
                PurchaseChannel.STORE,
                "berlin-mitte",
                at,
                new BigDecimal("79.90"),
                "EUR")),
        at.toEpochMilli());
  }

  /** Per store, its visit, attributed, converted and revenue totals; per campaign and model. */
  private record Totals(List<Object> store, Map<String, Double> campaigns) {}

  /** What the harness's outputs, withdrawals included, add up to in store and campaign totals. */
  private Totals totals() {
    List<StoreDelta> storeDeltas = new java.util.ArrayList<>();
    List<CampaignDelta> campaignDeltas = new java.util.ArrayList<>();
    for (AttributedVisit visit : harness.extractOutputValues()) {
      storeDeltas.add(StoreDelta.visit(visit));
      campaignDeltas.addAll(CampaignDelta.visits(visit));
    }
    var conversions = harness.getSideOutput(Attributor.CONVERSIONS);
    if (conversions != null) {
      conversions.forEach(
          record -> {
            storeDeltas.add(StoreDelta.conversion(record.getValue()));
            campaignDeltas.addAll(CampaignDelta.conversions(record.getValue()));
          });
    }
    for (AttributedPurchase purchase : purchases()) {
      storeDeltas.add(StoreDelta.purchase(purchase));
      campaignDeltas.addAll(CampaignDelta.purchases(purchase));
    }
    var withdrawals = harness.getSideOutput(Attributor.WITHDRAWALS);
    if (withdrawals != null) {
      withdrawals.forEach(
          record -> {
            storeDeltas.addAll(record.getValue().storeDeltas());
            campaignDeltas.addAll(record.getValue().campaignDeltas());
          });
    }
    long visits = storeDeltas.stream().mapToLong(StoreDelta::visits).sum();
    long attributed = storeDeltas.stream().mapToLong(StoreDelta::attributedVisits).sum();
    long converted = storeDeltas.stream().mapToLong(StoreDelta::convertedVisits).sum();
    BigDecimal attributedRevenue =
        storeDeltas.stream()
            .filter(d -> d.amount() != null && d.attributed())
            .map(StoreDelta::amount)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal revenue =
        storeDeltas.stream()
            .filter(d -> d.amount() != null)
            .map(StoreDelta::amount)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    Map<String, Double> campaigns = new java.util.TreeMap<>();
    for (CampaignDelta delta : campaignDeltas) {
      for (AttributionModel model : AttributionModel.values()) {
        String key = delta.campaignId() + "/" + model;
        if (delta.visit() != null) {
          campaigns.merge(key + "/visits", delta.visit().of(model), Double::sum);
        }
        if (delta.conversion() != null) {
          campaigns.merge(key + "/conversions", delta.conversion().of(model), Double::sum);
        }
        if (delta.purchase() != null) {
          campaigns.merge(
              key + "/revenue",
              delta.purchase().of(model) * delta.amount().doubleValue(),
              Double::sum);
        }
      }
    }
    return new Totals(
        List.of(
            visits,
            attributed,
            converted,
            revenue.stripTrailingZeros(),
            attributedRevenue.stripTrailingZeros()),
        campaigns);
  }

  private List<AttributedPurchase> purchases() {
    return harness.getSideOutput(Attributor.PURCHASES).stream()
        .map(record -> record.getValue())
        .toList();
  }

  private static AttributedVisit single(List<AttributedVisit> visits) {
    assertThat(visits).hasSize(1);
    return visits.get(0);
  }

  private static Map<String, CampaignCredit> byCampaign(List<CampaignCredit> credits) {
    return credits.stream().collect(Collectors.toMap(CampaignCredit::campaignId, c -> c));
  }
}
