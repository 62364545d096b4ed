package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Offer;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Redemption.Outcome;
import dev.o2o.contract.Redemption.Refusal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfferRedeemerTest {
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Instant ISSUED = Instant.parse("2026-11-23T10:00:00Z");
  private static final Instant EXPIRES = ISSUED.plus(Duration.ofHours(2));
  private static final String CODE = "K7M2Q9XA";
  private static final Offer OFFER =
      new Offer(
          "offer-v-1",
          "cust-1",
          "berlin-mitte",
          "v-1",
          "BLAZER-NAVY-50",
          "autumn-tailoring",
          Benefit.percentOff(10),
          CODE,
          "in your cart online",
          ISSUED,
          EXPIRES);

  private KeyedTwoInputStreamOperatorTestHarness<String, Offer, PosSale, Redemption> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new OfferRedeemer(GRACE)),
            Offer::code,
            PosSale::offerCode,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void acceptsTheFirstUseOfAnIssuedCode() throws Exception {
    offer(OFFER);
    sell(sale("s-1", ISSUED.plusSeconds(600), "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));

    assertThat(redemptions())
        .singleElement()
        .satisfies(
            redemption -> {
              assertThat(redemption.outcome()).isEqualTo(Outcome.ACCEPTED);
              assertThat(redemption.refusal()).isNull();
              assertThat(redemption.offerId()).isEqualTo("offer-v-1");
              assertThat(redemption.campaignId()).isEqualTo("autumn-tailoring");
              assertThat(redemption.code()).isEqualTo(CODE);
              assertThat(redemption.saleEventId()).isEqualTo("s-1");
              assertThat(redemption.redemptionId()).isEqualTo("redemption-s-1");
            });
  }

  @Test
  void refusesASecondUseAndRecordsIt() throws Exception {
    offer(OFFER);
    sell(sale("s-1", ISSUED.plusSeconds(600), "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));
    sell(sale("s-2", ISSUED.plusSeconds(900), "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));

    assertThat(redemptions())
        .extracting(Redemption::saleEventId, Redemption::outcome, Redemption::refusal)
        .containsExactly(
            tuple("s-1", Outcome.ACCEPTED, null),
            tuple("s-2", Outcome.REFUSED, Refusal.ALREADY_REDEEMED));
  }

  @Test
  void answersARedeliveredSaleAsBeforeInsteadOfRefusingIt() throws Exception {
    offer(OFFER);
    PosSale sale = sale("s-1", ISSUED.plusSeconds(600), "cust-1", "berlin-mitte", "BLAZER-NAVY-50");
    sell(sale);
    sell(sale);

    assertThat(redemptions()).extracting(Redemption::outcome).containsOnly(Outcome.ACCEPTED);
  }

  @Test
  void acceptsAnAnonymousSaleSinceTheCodeNamesTheCustomer() throws Exception {
    offer(OFFER);
    sell(sale("s-1", ISSUED.plusSeconds(600), null, "berlin-mitte", "BLAZER-NAVY-50"));

    assertThat(redemptions()).extracting(Redemption::outcome).containsExactly(Outcome.ACCEPTED);
  }

  @Test
  void refusesACodeNeverIssuedOnceEventTimePassesTheGrace() throws Exception {
    Instant soldAt = ISSUED.plusSeconds(600);
    sell(sale("s-1", soldAt, "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));
    watermark(soldAt.plus(GRACE).minusMillis(1));
    assertThat(redemptions()).isEmpty();

    watermark(soldAt.plus(GRACE));

    assertThat(redemptions())
        .singleElement()
        .satisfies(
            redemption -> {
              assertThat(redemption.refusal()).isEqualTo(Refusal.UNKNOWN_CODE);
              assertThat(redemption.offerId()).isNull();
            });
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void redeemsASaleThatArrivedBeforeItsOfferWithinTheGrace() throws Exception {
    Instant soldAt = ISSUED.plusSeconds(2);
    sell(sale("s-1", soldAt, "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));
    watermark(soldAt.plus(GRACE).minusMillis(1));

    offer(OFFER);

    assertThat(redemptions()).extracting(Redemption::outcome).containsExactly(Outcome.ACCEPTED);
    assertThat(harness.numEventTimeTimers()).as("only the offer's expiry is left").isOne();
  }

  @Test
  void refusesAUseAfterTheOfferExpired() throws Exception {
    offer(OFFER);
    sell(sale("s-1", EXPIRES, "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));

    assertThat(redemptions()).extracting(Redemption::refusal).containsExactly(Refusal.EXPIRED);
  }

  @Test
  void refusesAnotherCustomerAnotherStoreAndAnotherItem() throws Exception {
    offer(OFFER);
    sell(sale("s-1", ISSUED.plusSeconds(60), "cust-2", "berlin-mitte", "BLAZER-NAVY-50"));
    sell(sale("s-2", ISSUED.plusSeconds(60), "cust-1", "hamburg-jungfernstieg", "BLAZER-NAVY-50"));
    sell(sale("s-3", ISSUED.plusSeconds(60), "cust-1", "berlin-mitte", "CHINO-BEIGE-32"));
    sell(sale("s-4", ISSUED.plusSeconds(60), "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));

    assertThat(redemptions())
        .extracting(Redemption::refusal)
        .containsExactly(Refusal.OTHER_CUSTOMER, Refusal.OTHER_STORE, Refusal.OTHER_ITEM, null);
  }

  @Test
  void forgetsTheCodeOnceItsOfferExpired() throws Exception {
    offer(OFFER);
    sell(sale("s-1", ISSUED.plusSeconds(600), "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));
    assertThat(harness.numEventTimeTimers()).isOne();

    watermark(EXPIRES.plus(GRACE));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void anAcceptedRedemptionCarriesTheOffersBenefitAndCustomerEvenForAnAnonymousSale()
      throws Exception {
    offer(OFFER);
    sell(sale("s-1", ISSUED.plusSeconds(600), null, "berlin-mitte", "BLAZER-NAVY-50"));

    assertThat(redemptions())
        .singleElement()
        .satisfies(
            redemption -> {
              assertThat(redemption.outcome()).isEqualTo(Outcome.ACCEPTED);
              assertThat(redemption.customerId()).isEqualTo("cust-1");
              assertThat(redemption.benefit()).isEqualTo(Benefit.percentOff(10));
            });
  }

  @Test
  void ignoresAnOfferDeliveredAgain() throws Exception {
    offer(OFFER);
    sell(sale("s-1", ISSUED.plusSeconds(600), "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));
    offer(OFFER);
    sell(sale("s-2", ISSUED.plusSeconds(900), "cust-1", "berlin-mitte", "BLAZER-NAVY-50"));

    assertThat(redemptions())
        .extracting(Redemption::refusal)
        .containsExactly(null, Refusal.ALREADY_REDEEMED);
    assertThat(harness.numEventTimeTimers()).isOne();
  }

  private void watermark(Instant at) throws Exception {
    harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
  }

  private void offer(Offer offer) throws Exception {
    harness.processElement1(offer, offer.issuedAt().toEpochMilli());
  }

  private void sell(PosSale sale) throws Exception {
    harness.processElement2(sale, sale.occurredAt().toEpochMilli());
  }

  private List<Redemption> redemptions() {
    return harness.extractOutputValues();
  }

  private static PosSale sale(
      String eventId, Instant at, String customerId, String storeId, String sku) {
    return new PosSale(
        eventId,
        at,
        storeId,
        "rc-" + eventId,
        sku,
        1,
        new BigDecimal("229.00"),
        "EUR",
        customerId,
        CODE);
  }
}
