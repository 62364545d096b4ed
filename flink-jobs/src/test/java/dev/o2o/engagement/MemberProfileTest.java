package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.CustomerSegment;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The member profile the offer selector keeps per customer and sends to the state store. */
class MemberProfileTest {
  private static final String CUSTOMER = "cust-1";
  private static final String STORE = "berlin-mitte";
  private static final Instant T0 = TestEngine.MORNING;

  private final EngineConfig config = TestEngine.config();
  private KeyedBroadcastOperatorTestHarness<String, CustomerSignal, CampaignUpdate, Offer> harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new OfferSelector(config, new StockInMemory().with(STORE, "BLAZER-NAVY-50")),
            CustomerSignal::customerId,
            Types.STRING,
            OfferSelector.CAMPAIGNS,
            OfferSelector.BUDGETS);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void earnsPointsFromTillSalesAndOnlineOrdersAlike() throws Exception {
    sale(id(), "SHIRT-OXF-WHT-M", 2, "59.90", T0);
    order(
        id(),
        "ord-1",
        T0.plusSeconds(60),
        new OrderLine("BLAZER-NAVY-50", 1, new BigDecimal("229.00")),
        new OrderLine("CHINO-BEIGE-32", 1, new BigDecimal("79.90")));

    MemberProfile member = latest();
    assertThat(member.customerId()).isEqualTo(CUSTOMER);
    assertThat(member.points()).isEqualTo(119 + 308);
    assertThat(member.spent()).isEqualByComparingTo("428.70");
    assertThat(member.ledger())
        .extracting(MemberProfile.PointsEntry::reference, MemberProfile.PointsEntry::points)
        .containsExactly(tuple("order:ord-1", 308L), tuple("pos:e-1", 119L));
    assertThat(member.purchases())
        .extracting(
            MemberProfile.Purchase::sku,
            MemberProfile.Purchase::channel,
            MemberProfile.Purchase::storeId)
        .containsExactly(
            tuple("BLAZER-NAVY-50", PurchaseChannel.ONLINE, null),
            tuple("CHINO-BEIGE-32", PurchaseChannel.ONLINE, null),
            tuple("SHIRT-OXF-WHT-M", PurchaseChannel.STORE, STORE));
    assertThat(member.purchases().get(2).amount()).isEqualByComparingTo("119.80");
  }

  @Test
  void aRedeliveredSaleOrOrderEarnsNothingMore() throws Exception {
    sale("pos-1", "SHIRT-OXF-WHT-M", 1, "59.90", T0);
    OrderLine blazer = new OrderLine("BLAZER-NAVY-50", 1, new BigDecimal("229.00"));
    order("o-1", "ord-1", T0.plusSeconds(60), blazer);
    int emitted = profiles().size();

    sale("pos-1", "SHIRT-OXF-WHT-M", 1, "59.90", T0);
    order("o-1-resent", "ord-1", T0.plusSeconds(60), blazer);

    assertThat(profiles()).hasSize(emitted);
    MemberProfile member = latest();
    assertThat(member.points()).isEqualTo(59 + 229);
    assertThat(member.ledger()).hasSize(2);
    assertThat(member.purchases()).hasSize(2);
  }

  @Test
  void creditsTheBonusPointsOfARedeemedOfferOnceHoweverOftenTheRedemptionArrives()
      throws Exception {
    sale("pos-1", "SHIRT-OXF-WHT-M", 1, "59.90", T0);
    redeemed("redemption-pos-1", "offer-v-1", T0.plusSeconds(1));
    int emitted = profiles().size();

    redeemed("redemption-pos-1", "offer-v-1", T0.plusSeconds(1));
    redeemed("redemption-pos-2", "offer-v-1", T0.plusSeconds(90));

    assertThat(profiles()).hasSize(emitted);
    MemberProfile member = latest();
    assertThat(member.points()).isEqualTo(59 + 800);
    assertThat(member.spent()).isEqualByComparingTo("59.90");
    assertThat(member.ledger())
        .extracting(
            MemberProfile.PointsEntry::reference,
            MemberProfile.PointsEntry::channel,
            MemberProfile.PointsEntry::points)
        .containsExactly(
            tuple("offer:offer-v-1", PurchaseChannel.STORE, 800L),
            tuple("pos:pos-1", PurchaseChannel.STORE, 59L));
    assertThat(member.purchases()).hasSize(1);
  }

  @Test
  void keepsOnlyTheNewestEntriesOfEachList() throws Exception {
    for (int i = 0; i < 60; i++) {
      sale(id(), "SHIRT-OXF-WHT-M", 1, "10.00", T0.plusSeconds(i));
    }
    List<String> skus = IntStream.range(0, 12).mapToObj(i -> "SKU-" + i).toList();
    for (String sku : skus) {
      touch(TouchKind.PRODUCT_VIEW, sku, T0.plusSeconds(100));
    }
    for (int i = 0; i < 12; i++) {
      arrive("visit-" + i, T0.plus(Duration.ofDays(i + 1)));
    }

    MemberProfile member = latest();
    assertThat(member.points()).isEqualTo(600);
    assertThat(member.ledger()).hasSize(CustomerProfile.LEDGER);
    assertThat(member.ledger().get(0).reference()).isEqualTo("pos:e-60");
    assertThat(member.purchases()).hasSize(CustomerProfile.PURCHASES);
    assertThat(member.viewed()).hasSize(CustomerProfile.RECENT).startsWith(skus.get(11));
    assertThat(member.visits())
        .hasSize(CustomerProfile.VISITS)
        .first()
        .extracting(MemberProfile.StoreVisit::visitId)
        .isEqualTo("visit-11");
  }

  @Test
  void whatIsBoughtLeavesTheCartTheWishlistAndTheViews() throws Exception {
    touch(TouchKind.ADD_TO_WISHLIST, "KNIT-MERINO-M", T0);
    touch(TouchKind.ADD_TO_WISHLIST, "DRESS-WRAP-S", T0);
    touch(TouchKind.ADD_TO_CART, "CHINO-BEIGE-32", T0);
    touch(TouchKind.PRODUCT_VIEW, "CHINO-BEIGE-32", T0);
    assertThat(latest().wishlist()).containsExactly("DRESS-WRAP-S", "KNIT-MERINO-M");

    order(id(), "ord-1", T0.plusSeconds(60), new OrderLine("KNIT-MERINO-M", 1, BigDecimal.TEN));
    sale(id(), "CHINO-BEIGE-32", 1, "79.90", T0.plusSeconds(120));

    MemberProfile member = latest();
    assertThat(member.wishlist()).containsExactly("DRESS-WRAP-S");
    assertThat(member.carted()).isEmpty();
    assertThat(member.viewed()).isEmpty();
  }

  @Test
  void theOfferIsLiveUntilItExpires() throws Exception {
    membership(true, T0.minusSeconds(60));
    arrive("visit-1", T0);

    MemberProfile member = latest();
    Offer offer = harness.extractOutputValues().get(0);
    assertThat(member.liveOffer()).isEqualTo(offer);
    assertThat(member.visits())
        .extracting(MemberProfile.StoreVisit::visitId, MemberProfile.StoreVisit::storeId)
        .containsExactly(tuple("visit-1", STORE));

    touch(TouchKind.PRODUCT_VIEW, "DRESS-WRAP-S", offer.expiresAt().plusSeconds(1));

    assertThat(latest().liveOffer()).isNull();
  }

  @Test
  void segmentFollowsSpendAndRecency() throws Exception {
    membership(true, T0);
    assertThat(latest().segment()).isEqualTo(CustomerSegment.NEW);
    assertThat(latest().tier()).isEqualTo("gold");

    sale(id(), "SHIRT-OXF-WHT-M", 1, "59.90", T0);
    assertThat(latest().segment()).isEqualTo(CustomerSegment.REGULAR);

    order(id(), "ord-1", T0, new OrderLine("BLAZER-NAVY-50", 5, new BigDecimal("229.00")));
    assertThat(latest().segment()).isEqualTo(CustomerSegment.VIP);

    touch(TouchKind.PRODUCT_VIEW, "DRESS-WRAP-S", T0.plus(Duration.ofDays(181)));
    assertThat(latest().segment()).isEqualTo(CustomerSegment.LAPSED);
  }

  @Test
  void keepsOneProfilePerMemberAndNoTimers() throws Exception {
    sale(id(), "SHIRT-OXF-WHT-M", 1, "59.90", T0);
    touch(TouchKind.ADD_TO_CART, "BLAZER-NAVY-50", T0);
    harness.processElement(
        CustomerSignal.of(new CustomerUpdated(id(), T0, "cust-2", "member", Boolean.FALSE)),
        T0.toEpochMilli());

    try (Stream<Object> keys =
        harness
            .getOperator()
            .getKeyedStateBackend()
            .getKeys(OfferSelector.PROFILE.getName(), VoidNamespace.INSTANCE)) {
      assertThat(keys).containsExactlyInAnyOrder(CUSTOMER, "cust-2");
    }
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  private void membership(boolean consent, Instant at) throws Exception {
    harness.processElement(
        CustomerSignal.of(new CustomerUpdated(id(), at, CUSTOMER, "gold", consent)),
        at.toEpochMilli());
  }

  private void touch(TouchKind kind, String sku, Instant at) throws Exception {
    harness.processElement(
        CustomerSignal.of(new OnlineTouch(id(), at, CUSTOMER, kind, null, sku)), at.toEpochMilli());
  }

  private void sale(String eventId, String sku, int quantity, String price, Instant at)
      throws Exception {
    harness.processElement(
        CustomerSignal.of(
            new PosSale(
                eventId,
                at,
                STORE,
                "r-" + eventId,
                sku,
                quantity,
                new BigDecimal(price),
                "EUR",
                CUSTOMER,
                null)),
        at.toEpochMilli());
  }

  private void order(String eventId, String orderId, Instant at, OrderLine... lines)
      throws Exception {
    harness.processElement(
        CustomerSignal.of(
            new OrderPlaced(
                eventId,
                at,
                orderId,
                CUSTOMER,
                Fulfilment.SHIP,
                null,
                "EUR",
                List.of(lines),
                null,
                null,
                null)),
        at.toEpochMilli());
  }

  private void redeemed(String redemptionId, String offerId, Instant at) throws Exception {
    harness.processElement(
        CustomerSignal.of(
            new Redemption(
                redemptionId,
                "ABCDEFGH",
                offerId,
                "knit-points",
                CUSTOMER,
                STORE,
                redemptionId.substring("redemption-".length()),
                "rc-1",
                "KNIT-MERINO-M",
                Redemption.Outcome.ACCEPTED,
                null,
                at,
                Benefit.bonusPoints(800))),
        at.toEpochMilli());
  }

  private void arrive(String visitId, Instant at) throws Exception {
    Visit visit = new Visit(visitId, CUSTOMER, STORE, at.minusSeconds(10), at, VisitStatus.OPEN, 2);
    harness.processElement(CustomerSignal.of(visit), at.toEpochMilli());
  }

  private List<MemberProfile> profiles() {
    return harness.getSideOutput(OfferSelector.PROFILES).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  private MemberProfile latest() {
    List<MemberProfile> all = profiles();
    return all.get(all.size() - 1);
  }

  private String id() {
    return "e-" + ++sequence;
  }
}
