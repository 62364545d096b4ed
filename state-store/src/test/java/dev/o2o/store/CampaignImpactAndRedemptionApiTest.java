package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.Json;
import dev.o2o.contract.PolicyBreach;
import dev.o2o.contract.PolicyRule;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The campaign impact report and offer redemptions through the real API, over a Geode server in a
 * child JVM holding stock, visits, campaign reports and redemptions as the jobs write them.
 */
class CampaignImpactAndRedemptionApiTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @RegisterExtension
  static final StateStoreFixture STATE =
      StateStoreFixture.onSystemClock().with("engagement.policy.onlineOnlyCategories", "[dresses]");

  @BeforeAll
  static void seed() {
    stock("KNIT-MERINO-M", "berlin-mitte", 3);
    stock("KNIT-MERINO-M", "hamburg-jungfernstieg", 0);
    stock("SCARF-WOOL", "munich-kaufinger", 2);
    visit("c-1", "berlin-mitte");
    visit("c-2", "berlin-mitte");
    visit("c-3", "munich-kaufinger");
    visit("c-4", "hamburg-jungfernstieg");
    visit("c-5", "vienna-mariahilf");
  }

  @Test
  void reportsTheStoresCategoriesAndCustomersACampaignTouchesBeforeItStarts() throws Exception {
    Campaign draft =
        campaign("winter-knits", List.of("knitwear", "accessories", "dresses"), 20, 0.2);
    report(CampaignReport.of(draft, List.of(), NOW));

    JsonNode body = STATE.getJson("/api/campaigns/winter-knits/impact", 200);

    assertThat(body.get("verdict").asText()).isEqualTo("accepted");
    assertThat(body.get("source").asText()).isEqualTo("campaign-topic");
    assertThat(texts(body.get("categories"))).containsExactly("knitwear", "accessories");
    assertThat(texts(body.get("onlineOnlyCategories"))).containsExactly("dresses");
    assertThat(texts(body.get("skus")))
        .containsExactly("KNIT-MERINO-M", "BELT-LEATHER-90", "SCARF-WOOL");
    assertThat(body.get("stores").findValuesAsText("storeId"))
        .containsExactly("berlin-mitte", "munich-kaufinger");
    assertThat(texts(body.at("/stores/0/skusInStock"))).containsExactly("KNIT-MERINO-M");
    assertThat(body.at("/customers/lastVisitedTheseStores").asLong()).isEqualTo(3);
    assertThat(body.at("/customers/estimate").asLong()).isEqualTo(2);
    assertThat(body.at("/customers/basis").asText()).contains("holdout share");
  }

  @Test
  void showsTheRulesARefusedCampaignBreaks() throws Exception {
    Campaign flash = campaign("flash", List.of("shirts"), 60, 0);
    report(
        CampaignReport.of(
            flash,
            List.of(
                new PolicyBreach(PolicyRule.BENEFIT_ABOVE_MAXIMUM, "60% off is above 30%"),
                new PolicyBreach(PolicyRule.PRICE_PARITY, "undercuts the store")),
            NOW));

    JsonNode body = STATE.getJson("/api/campaigns/flash/impact", 200);

    assertThat(body.get("verdict").asText()).isEqualTo("refused");
    assertThat(body.get("breaches").findValuesAsText("rule"))
        .containsExactly("benefit-above-maximum", "price-parity");
  }

  @Test
  void answersForAConfiguredCampaignAndNotForAnUnknownOne() throws Exception {
    JsonNode body = STATE.getJson("/api/campaigns/autumn-tailoring/impact", 200);
    assertThat(body.get("source").asText()).isEqualTo("config");
    assertThat(body.get("verdict").asText()).isEqualTo("accepted");
    assertThat(texts(body.get("categories"))).containsExactly("blazers", "shirts");

    assertThat(STATE.getJson("/api/campaigns/nope/impact", 404).get("error").asText())
        .isEqualTo("campaign 'nope' is not known");
  }

  @Test
  void showsTheSaleThatRedeemedAnOfferCode() throws Exception {
    Redemption accepted =
        new Redemption(
            "redemption-s-1",
            "K7M2Q9XA",
            "offer-v-1",
            "autumn-tailoring",
            "c-1",
            "berlin-mitte",
            "s-1",
            "rc-1",
            "BLAZER-NAVY-50",
            Redemption.Outcome.ACCEPTED,
            null,
            NOW,
            null);
    GeodeClient.region(STATE.cache(), Regions.REDEMPTIONS)
        .put("K7M2Q9XA", Json.encodeToString(accepted));

    JsonNode body = STATE.getJson("/api/offers/K7M2Q9XA/redemption", 200);

    assertThat(Json.decode(Json.mapper().writeValueAsString(body), Redemption.class))
        .isEqualTo(accepted);
    assertThat(STATE.getJson("/api/offers/UNUSED00/redemption", 404).get("error").asText())
        .startsWith("offer code 'UNUSED00' has not been redeemed");
  }

  @Test
  void showsACampaignsBudgetUseAndWhetherItIsStopped() throws Exception {
    CampaignBudget used =
        CampaignBudget.of(
            "autumn-tailoring",
            new BigDecimal("4000.00"),
            new BigDecimal("4012.50"),
            "EUR",
            160,
            NOW);
    STATE.put(Regions.CAMPAIGN_BUDGETS, used.campaignId(), used);

    JsonNode body = STATE.getJson("/api/campaigns/autumn-tailoring/budget", 200);

    assertThat(body.get("committed").asText()).isEqualTo("4012.50");
    assertThat(body.get("budget").asText()).isEqualTo("4000.00");
    assertThat(body.get("remaining").asText()).isEqualTo("0");
    assertThat(body.get("redemptions").asLong()).isEqualTo(160);
    assertThat(body.get("exhausted").asBoolean()).isTrue();
  }

  @Test
  void aKnownCampaignWithoutRedemptionsHasCommittedNothing() throws Exception {
    JsonNode body = STATE.getJson("/api/campaigns/knit-season/budget", 200);

    assertThat(body.get("committed").asText()).isEqualTo("0");
    assertThat(body.get("remaining").asText()).isEqualTo(body.get("budget").asText());
    assertThat(body.get("exhausted").asBoolean()).isFalse();
    assertThat(STATE.getJson("/api/campaigns/no-such-campaign/budget", 404).get("error").asText())
        .contains("not known");
  }

  private static Campaign campaign(
      String id, List<String> categories, int percentOff, double holdoutShare) {
    return new Campaign(
        id,
        id,
        categories,
        Benefit.percentOff(percentOff),
        NOW.plus(Duration.ofDays(7)),
        NOW.plus(Duration.ofDays(21)),
        new BigDecimal("1000.00"),
        "EUR",
        holdoutShare,
        new BigDecimal("500.00"),
        percentOff);
  }

  private static void report(CampaignReport report) {
    STATE.put(Regions.CAMPAIGN_REPORTS, report.campaignId(), report);
  }

  private static void stock(String sku, String storeId, long available) {
    StockLevel level =
        new StockLevel(
            sku, storeId, available, 0, 0, available, available, available, available, 1, NOW);
    STATE.put(Regions.INVENTORY, level.key(), level);
  }

  private static void visit(String customerId, String storeId) {
    Visit visit =
        new Visit(
            "v-" + customerId, customerId, storeId, NOW, NOW.plusSeconds(60), VisitStatus.OPEN, 3);
    STATE.put(Regions.VISITS, customerId, visit);
  }

  private static List<String> texts(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
