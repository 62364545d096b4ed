package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenefitTest {
  private static final Instant T = Instant.parse("2026-11-23T10:15:30Z");
  private static final String CAMPAIGN_FIELDS =
      "\"campaignId\":\"flash\",\"name\":\"Flash\",\"categories\":[\"shirts\"],"
          + "\"startsAt\":\"2026-12-01T00:00:00Z\",\"endsAt\":\"2026-12-31T00:00:00Z\","
          + "\"spend\":\"100.00\",\"currency\":\"EUR\",\"holdoutShare\":0,\"budget\":\"500.00\"";

  @Test
  void everyKindOfBenefitRoundTripsOnACampaign() {
    for (Benefit benefit :
        new Benefit[] {
          Benefit.percentOff(15),
          Benefit.amountOff(new BigDecimal("10.00"), "EUR"),
          Benefit.bonusPoints(500)
        }) {
      CampaignDefined defined = new CampaignDefined("cd-1", T, campaign(benefit));

      assertThat(Json.decodeEvent(Json.encodeEvent(defined))).isEqualTo(defined);
    }
    assertThat(
            Json.encodeToString(
                campaign(Benefit.amountOff(new BigDecimal("10.00"), "EUR")).benefit()))
        .isEqualTo("{\"kind\":\"amount-off\",\"value\":\"10.00\",\"currency\":\"EUR\"}");
  }

  @Test
  void aCampaignWithOnlyPercentOffReadsAsAPercentOffBenefit() {
    Campaign campaign = decodeCampaign("\"percentOff\":10," + CAMPAIGN_FIELDS);

    assertThat(campaign.benefit()).isEqualTo(Benefit.percentOff(10));
  }

  @Test
  void aBenefitGivenAsNumbersOrStringsReadsTheSame() {
    assertThat(
            decodeCampaign(
                    "\"benefit\":{\"kind\":\"bonus-points\",\"value\":500}," + CAMPAIGN_FIELDS)
                .benefit())
        .isEqualTo(Benefit.bonusPoints(500));
    assertThat(
            decodeCampaign(
                    "\"benefit\":{\"kind\":\"amount-off\",\"value\":\"7.50\",\"currency\":\"EUR\"},"
                        + CAMPAIGN_FIELDS)
                .benefit())
        .isEqualTo(Benefit.amountOff(new BigDecimal("7.50"), "EUR"));
  }

  @Test
  void aCampaignGivingBothBenefitAndPercentOffIsRefused() {
    assertThatThrownBy(
            () ->
                decodeCampaign(
                    "\"percentOff\":10,\"benefit\":{\"kind\":\"percent-off\",\"value\":10},"
                        + CAMPAIGN_FIELDS))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("either as benefit or as percentOff, not both");
  }

  @Test
  void aCampaignWithoutBenefitIsRefused() {
    assertThatThrownBy(() -> decodeCampaign(CAMPAIGN_FIELDS))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("benefit is required");
  }

  @Test
  void badBenefitsAreRefusedWithTheFieldAndTheExpectation() {
    assertRefused(
        "{\"kind\":\"percent-off\",\"value\":95}",
        "benefit.value of a percent-off benefit must be a whole number from 0 to 90 but was 95");
    assertRefused(
        "{\"kind\":\"percent-off\",\"value\":12.5}",
        "benefit.value of a percent-off benefit must be a whole number from 0 to 90 but was 12.5");
    assertRefused(
        "{\"kind\":\"amount-off\",\"value\":\"0.00\",\"currency\":\"EUR\"}",
        "benefit.value of an amount-off benefit must be above 0");
    assertRefused(
        "{\"kind\":\"amount-off\",\"value\":\"5.00\"}",
        "benefit.currency must be an ISO-4217 code like EUR but was null");
    assertRefused(
        "{\"kind\":\"amount-off\",\"value\":\"5.00\",\"currency\":\"USD\"}",
        "benefit.currency must be the campaign's currency EUR but was USD");
    assertRefused(
        "{\"kind\":\"bonus-points\",\"value\":0}",
        "benefit.value of a bonus-points benefit must be a whole number from 1 to 1000000 but"
            + " was 0");
    assertRefused(
        "{\"kind\":\"bonus-points\",\"value\":50,\"currency\":\"EUR\"}",
        "benefit.currency is only for an amount-off benefit, not bonus-points");
    assertRefused("{\"value\":50}", "benefit.kind is required");
    assertThatThrownBy(
            () -> decodeCampaign("\"benefit\":{\"kind\":\"gift\",\"value\":1}," + CAMPAIGN_FIELDS))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'gift'");
  }

  @Test
  void anOfferSaysWhatItsBenefitIsAndKeepsPercentOffForOlderReaders() {
    Offer amount = offer(Benefit.amountOff(new BigDecimal("10.00"), "EUR"));
    Offer percent = offer(Benefit.percentOff(15));

    String amountJson = new String(Topics.OFFERS.encode(amount), StandardCharsets.UTF_8);
    assertThat(amountJson)
        .contains("\"benefit\":{\"kind\":\"amount-off\",\"value\":\"10.00\",\"currency\":\"EUR\"}")
        .doesNotContain("percentOff");
    assertThat(new String(Topics.OFFERS.encode(percent), StandardCharsets.UTF_8))
        .contains("\"benefit\":{\"kind\":\"percent-off\",\"value\":\"15\"}")
        .contains("\"percentOff\":15");
    assertThat(Topics.OFFERS.decode(Topics.OFFERS.encode(amount))).isEqualTo(amount);
    assertThat(Topics.OFFERS.decode(Topics.OFFERS.encode(percent))).isEqualTo(percent);
  }

  @Test
  void anOfferStoredWithOnlyPercentOffReadsAsAPercentOffBenefit() {
    String stored =
        "{\"offerId\":\"offer-v-1\",\"customerId\":\"c-1\",\"storeId\":\"berlin-mitte\","
            + "\"visitId\":\"v-1\",\"sku\":\"SKU-1\",\"campaignId\":\"autumn\",\"percentOff\":10,"
            + "\"code\":\"K7M2Q9XA\",\"reason\":\"Autumn\",\"issuedAt\":\"2026-11-23T10:15:30Z\","
            + "\"expiresAt\":\"2026-11-23T12:15:30Z\"}";

    assertThat(Json.decode(stored, Offer.class).benefit()).isEqualTo(Benefit.percentOff(10));
  }

  @Test
  void pricesEachKindOnOneItem() {
    BigDecimal price = new BigDecimal("40.00");
    BigDecimal pointValue = new BigDecimal("0.01");

    assertThat(Benefit.percentOff(15).valueOn(price, pointValue)).isEqualByComparingTo("6.00");
    assertThat(Benefit.amountOff(new BigDecimal("10.00"), "EUR").valueOn(price, pointValue))
        .isEqualByComparingTo("10.00");
    assertThat(Benefit.amountOff(new BigDecimal("50.00"), "EUR").valueOn(price, pointValue))
        .isEqualByComparingTo("40.00");
    assertThat(Benefit.bonusPoints(500).valueOn(price, pointValue)).isEqualByComparingTo("5.00");
    assertThat(Benefit.bonusPoints(500).valueOn(price, null)).isEqualByComparingTo("0");
    assertThat(Benefit.amountOff(new BigDecimal("10.00"), "EUR").percentOf(price, pointValue))
        .isEqualByComparingTo("25");
    assertThat(Benefit.bonusPoints(500).points()).isEqualTo(500);
    assertThat(Benefit.percentOff(15).points()).isZero();
  }

  @Test
  void describesEachKindAsAMemberReadsIt() {
    assertThat(Benefit.percentOff(15).describe()).isEqualTo("15% off");
    assertThat(Benefit.amountOff(new BigDecimal("10.00"), "EUR").describe())
        .isEqualTo("10.00 EUR off");
    assertThat(Benefit.bonusPoints(500).describe()).isEqualTo("500 bonus points");
  }

  private static void assertRefused(String benefit, String message) {
    assertThatThrownBy(() -> decodeCampaign("\"benefit\":" + benefit + "," + CAMPAIGN_FIELDS))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(message);
  }

  private static Campaign decodeCampaign(String fields) {
    String payload =
        "{\"type\":\"campaign.defined\",\"eventId\":\"e1\",\"occurredAt\":\"2026-11-23T10:15:30Z\","
            + "\"campaign\":{"
            + fields
            + "}}";
    return ((CampaignDefined) Json.decodeEvent(payload.getBytes(StandardCharsets.UTF_8)))
        .campaign();
  }

  private static Campaign campaign(Benefit benefit) {
    return new Campaign(
        "flash",
        "Flash",
        List.of("shirts"),
        benefit,
        T,
        T.plusSeconds(3600),
        new BigDecimal("100.00"),
        "EUR",
        0,
        new BigDecimal("500.00"),
        30);
  }

  private static Offer offer(Benefit benefit) {
    return new Offer(
        "offer-v-1",
        "c-1",
        "berlin-mitte",
        "v-1",
        "SKU-1",
        "autumn",
        benefit,
        "K7M2Q9XA",
        "Autumn",
        T,
        T.plusSeconds(7200));
  }
}
