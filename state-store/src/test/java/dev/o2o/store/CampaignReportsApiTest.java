package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.CampaignKpis.ModelTotals;
import dev.o2o.contract.Json;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreCreditTotals.RoleTotal;
import dev.o2o.contract.StoreKpis;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attribution reports through the real API: a Geode server in a child JVM holds campaign and
 * store totals as the footfall job writes them (contract JSON keyed by campaign and store id).
 */
class CampaignReportsApiTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:15:42Z");

  @RegisterExtension static final StateStoreFixture STATE = StateStoreFixture.onSystemClock();

  @BeforeAll
  static void seed() {
    STATE.put(
        Regions.CAMPAIGN_KPIS,
        "autumn-tailoring",
        autumn(new CampaignKpis.Holdout(900, 270, 100, 20)));
    STATE.put(Regions.CAMPAIGN_KPIS, "knit-season", knit(new CampaignKpis.Holdout(90, 30, 10, 2)));
  }

  @Test
  void aCampaignsReportDerivesCostPerVisitRoasCtrCvrAndOnlineShareUnderTheChosenModel()
      throws Exception {
    JsonNode linear = STATE.getJson("/api/campaigns/autumn-tailoring?model=linear", 200);

    assertThat(linear.get("model").asText()).isEqualTo("linear");
    assertThat(linear.get("name").asText()).isEqualTo("Autumn tailoring");
    assertThat(linear.get("spend").asText()).isEqualTo("12000.00");
    assertThat(linear.get("attributedVisits").asDouble()).isEqualTo(400);
    assertThat(linear.get("costPerVisit").asText()).isEqualTo("30.00");
    assertThat(linear.get("revenue").asText()).isEqualTo("30000.00");
    assertThat(linear.get("roas").asDouble()).isCloseTo(2.5, within(1e-9));
    assertThat(linear.get("ctr").asDouble()).isCloseTo(0.05, within(1e-9));
    assertThat(linear.get("cvr").asDouble()).isCloseTo(0.25, within(1e-9));
    assertThat(linear.get("onlineShare").asDouble()).isCloseTo(0.2, within(1e-9));

    JsonNode first = STATE.getJson("/api/campaigns/autumn-tailoring?model=first", 200);
    assertThat(first.get("attributedVisits").asDouble()).isEqualTo(500);
    assertThat(first.get("costPerVisit").asText()).isEqualTo("24.00");
  }

  @Test
  void liftIsShownWithItsIntervalOnlyAboveTheMinimumVolume() throws Exception {
    JsonNode autumn = STATE.getJson("/api/campaigns/autumn-tailoring", 200);
    assertThat(autumn.get("model").asText()).isEqualTo("last");
    assertThat(autumn.at("/lift/ratio").asDouble()).isCloseTo(1.5, within(1e-9));
    assertThat(autumn.at("/lift/low").asDouble()).isLessThan(1.5);
    assertThat(autumn.at("/lift/high").asDouble()).isGreaterThan(1.5);
    assertThat(autumn.at("/holdout/controlMembers").asLong()).isEqualTo(100);

    JsonNode knit = STATE.getJson("/api/campaigns/knit-season", 200);
    assertThat(knit.get("lift").isNull()).isTrue();
    assertThat(knit.get("minLiftVolume").asInt()).isEqualTo(100);
  }

  @Test
  void theCampaignListKeepsItsEntriesAndAddsEachReport() throws Exception {
    JsonNode body = STATE.getJson("/api/campaigns?model=time-decay", 200);

    assertThat(body.get("model").asText()).isEqualTo("time-decay");
    JsonNode autumn = body.get("campaigns").get(0);
    assertThat(autumn.get("campaignId").asText()).isEqualTo("autumn-tailoring");
    assertThat(autumn.get("configured").asBoolean()).isTrue();
    assertThat(autumn.has("attributedVisits")).isTrue();
    assertThat(autumn.at("/report/attributedVisits").asDouble()).isEqualTo(420);
  }

  @Test
  void reportsExportAsCsvByQueryOrAcceptHeader() throws Exception {
    HttpResponse<String> byQuery = STATE.get("/api/campaigns?format=csv&model=linear", null);
    assertThat(byQuery.statusCode()).isEqualTo(200);
    assertThat(byQuery.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    List<String> lines = byQuery.body().lines().toList();
    assertThat(lines).hasSize(3);
    List<String> header = List.of(lines.get(0).split(","));
    List<String> autumn = List.of(lines.get(1).split(",", -1));
    assertThat(autumn.get(header.indexOf("campaignId"))).isEqualTo("autumn-tailoring");
    assertThat(autumn.get(header.indexOf("costPerVisit"))).isEqualTo("30.00");
    assertThat(header).contains("lift.ratio", "holdout.exposedMembers");

    HttpResponse<String> byAccept = STATE.get("/api/stores/berlin-mitte/kpis", "text/csv");
    assertThat(byAccept.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(byAccept.body().lines().toList()).hasSize(2);
    assertThat(byAccept.body()).startsWith("storeId,name,");
  }

  @Test
  void aStoresReportShowsConversionOnlineShareAndCreditFromOnlineSales() throws Exception {
    GeodeClient.region(STATE.cache(), Regions.STORE_KPIS)
        .put(
            "berlin-mitte",
            Json.encodeToString(
                new StoreKpis(
                    "berlin-mitte",
                    200,
                    80,
                    50,
                    new BigDecimal("7500.00"),
                    new BigDecimal("2500.00"),
                    new BigDecimal("3000.00"),
                    NOW)));
    GeodeClient.region(STATE.cache(), Regions.STORE_CREDITS)
        .put(
            "berlin-mitte",
            Json.encodeToString(
                new StoreCreditTotals(
                    "berlin-mitte",
                    List.of(
                        new RoleTotal(Role.PICKUP, "EUR", new BigDecimal("119.80"), 1, 1),
                        new RoleTotal(Role.FULFILMENT, "EUR", BigDecimal.ZERO, 0, 0),
                        new RoleTotal(Role.INFLUENCE, "EUR", new BigDecimal("59.90"), 1, 1),
                        new RoleTotal(Role.ASSOCIATE, "EUR", BigDecimal.ZERO, 0, 0)),
                    List.of(),
                    NOW)));

    JsonNode body = STATE.getJson("/api/stores/berlin-mitte/kpis", 200);

    assertThat(body.get("name").asText()).isEqualTo("Berlin Mitte");
    assertThat(body.get("visits").asLong()).isEqualTo(200);
    assertThat(body.get("cvr").asDouble()).isCloseTo(0.25, within(1e-9));
    assertThat(body.get("onlineShare").asDouble()).isCloseTo(0.25, within(1e-9));
    assertThat(body.get("attributedStoreSales").asText()).isEqualTo("3000.00");
    assertThat(body.at("/creditFromOnlineSales/0/role").asText()).isEqualTo("pickup");
    assertThat(body.at("/creditFromOnlineSales/0/amount").asText()).isEqualTo("119.80");
    assertThat(body.at("/creditFromOnlineSales/2/amount").asText()).isEqualTo("59.90");
  }

  @Test
  void badModelsFormatsAndUnknownIdsAreJsonErrors() throws Exception {
    assertThat(STATE.getJson("/api/campaigns?model=middle", 400).get("error").asText())
        .contains("model must be one of");
    assertThat(
            STATE.getJson("/api/campaigns/autumn-tailoring?format=xml", 400).get("error").asText())
        .isEqualTo("format must be json or csv");
    assertThat(STATE.getJson("/api/campaigns/never-ran", 404).get("error").asText())
        .contains("never-ran");
    assertThat(STATE.getJson("/api/stores/atlantis/kpis", 404).get("error").asText())
        .contains("atlantis");
  }

  /** 500 visits under first, 400 linear, 420 time-decay; 30000 revenue under linear. */
  private static CampaignKpis autumn(CampaignKpis.Holdout holdout) {
    return new CampaignKpis(
        "autumn-tailoring",
        "Autumn tailoring",
        new BigDecimal("12000.00"),
        "EUR",
        0.1,
        2000,
        100,
        20,
        300,
        List.of(
            totals(AttributionModel.FIRST, 500, 100, "20000", "5000"),
            totals(AttributionModel.LAST, 380, 95, "22000", "6000"),
            totals(AttributionModel.LINEAR, 400, 100, "24000", "6000"),
            totals(AttributionModel.TIME_DECAY, 420, 100, "23000", "6000")),
        holdout,
        NOW);
  }

  private static CampaignKpis knit(CampaignKpis.Holdout holdout) {
    List<ModelTotals> models =
        List.of(
            totals(AttributionModel.FIRST, 10, 2, "500", "0"),
            totals(AttributionModel.LAST, 10, 2, "500", "0"),
            totals(AttributionModel.LINEAR, 10, 2, "500", "0"),
            totals(AttributionModel.TIME_DECAY, 10, 2, "500", "0"));
    return new CampaignKpis(
        "knit-season",
        "Knit season",
        new BigDecimal("6000.00"),
        "EUR",
        0.1,
        100,
        5,
        0,
        0,
        models,
        holdout,
        NOW);
  }

  private static ModelTotals totals(
      AttributionModel model, double visits, double converted, String store, String online) {
    return new ModelTotals(model, visits, converted, new BigDecimal(store), new BigDecimal(online));
  }
}
