package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignAudienceTest {
  private static final String HEAD =
      "{\"type\":\"campaign.defined\",\"eventId\":\"e1\",\"occurredAt\":\"2026-11-23T10:15:30Z\","
          + "\"campaign\":{\"campaignId\":\"welcome\",\"name\":\"Welcome\","
          + "\"categories\":[\"shirts\"],\"percentOff\":10,\"startsAt\":\"2026-11-01T00:00:00Z\","
          + "\"endsAt\":\"2026-12-01T00:00:00Z\",\"spend\":\"100.00\",\"currency\":\"EUR\","
          + "\"holdoutShare\":0,\"budget\":\"500.00\",\"parityBandPercent\":10";

  private static Campaign decode(String more) {
    String payload = HEAD + more + "}}";
    return ((CampaignDefined) Json.decodeEvent(payload.getBytes(StandardCharsets.UTF_8)))
        .campaign();
  }

  @Test
  void aCampaignWithoutAudienceOrMemberCapIsForEveryMemberAsOften() {
    Campaign campaign = decode("");

    assertThat(campaign.audience()).isNull();
    assertThat(campaign.maxOffersPerMember()).isNull();
    assertThat(campaign.isFor(null, CustomerSegment.LAPSED, true)).isTrue();
    assertThat(campaign.allowsAnotherOffer(1_000)).isTrue();
    assertThat(Json.encodeToString(campaign))
        .doesNotContain("audience")
        .doesNotContain("maxOffersPerMember");
  }

  @Test
  void readsTheAudienceAndTheMemberCapAndWritesThemBack() {
    Campaign campaign =
        decode(
            ",\"maxOffersPerMember\":2,\"audience\":{\"firstPurchaseOnly\":true,"
                + "\"tiers\":[\"gold\"],\"segments\":[\"new\"]}");

    assertThat(campaign.maxOffersPerMember()).isEqualTo(2);
    assertThat(campaign.audience())
        .isEqualTo(new CampaignAudience(true, List.of("gold"), List.of(CustomerSegment.NEW)));
    assertThat(Json.decode(Json.encodeToString(campaign), Campaign.class)).isEqualTo(campaign);
    assertThat(campaign.allowsAnotherOffer(1)).isTrue();
    assertThat(campaign.allowsAnotherOffer(2)).isFalse();
  }

  @Test
  void anAudienceOfTiersAndSegmentsAlonePassesEveryMemberOfThem() {
    Campaign campaign = decode(",\"audience\":{\"tiers\":[\"gold\"]}");

    assertThat(campaign.audience().firstPurchaseOnly()).isFalse();
    assertThat(campaign.audience().segments()).isEmpty();
    assertThat(campaign.isFor("gold", CustomerSegment.VIP, true)).isTrue();
    assertThat(campaign.isFor("silver", CustomerSegment.VIP, true)).isFalse();
    assertThat(campaign.isFor(null, CustomerSegment.VIP, true)).isFalse();
  }

  @Test
  void everyRuleOfTheAudienceMustHold() {
    CampaignAudience audience =
        new CampaignAudience(
            true, List.of("gold"), List.of(CustomerSegment.NEW, CustomerSegment.VIP));

    assertThat(audience.admits("gold", CustomerSegment.NEW, false)).isTrue();
    assertThat(audience.admits("gold", CustomerSegment.NEW, true)).isFalse();
    assertThat(audience.admits("silver", CustomerSegment.NEW, false)).isFalse();
    assertThat(audience.admits("gold", CustomerSegment.REGULAR, false)).isFalse();
  }

  @Test
  void refusesAnUnknownSegmentAContradictionAndABadCap() {
    assertThatThrownBy(() -> decode(",\"audience\":{\"segments\":[\"students\"]}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("students");
    assertThatThrownBy(
            () -> decode(",\"audience\":{\"firstPurchaseOnly\":true,\"segments\":[\"vip\"]}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("audience.segments must include new");
    assertThatThrownBy(() -> decode(",\"audience\":{\"tiers\":[\"\"]}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("audience.tiers[]");
    assertThatThrownBy(() -> decode(",\"maxOffersPerMember\":0"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("maxOffersPerMember");
  }
}
