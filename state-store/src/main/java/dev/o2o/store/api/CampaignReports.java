package dev.o2o.store.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.InvalidEventException;
import dev.o2o.contract.Json;
import dev.o2o.contract.StoreCreditTotals;
import dev.o2o.contract.StoreKpis;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.geode.cache.Region;
import org.apache.geode.cache.client.ClientCache;

/**
 * The attribution reports: per campaign under a chosen model, its credited visits and revenue, cost
 * per visit, ROAS, CTR, CVR, online share and holdout lift; per store, its visits, conversion,
 * sales by channel and the credit it earned from online sales. Figures are derived here from the
 * running totals the footfall job keeps in Geode ({@link CampaignKpis}, {@link StoreKpis}), so one
 * stored record serves every model. A ratio without a denominator is null; lift is null below
 * {@code attribution.minLiftVolume} members per holdout group.
 */
final class CampaignReports {
  private static final ObjectMapper JSON = Json.mapper();
  private static final int MONEY_SCALE = 2;

  private final EngineConfig config;
  private final ClientCache cache;

  CampaignReports(EngineConfig config, ClientCache cache) {
    this.config = config;
    this.cache = cache;
  }

  /** The model a request names, {@code last} when it names none. */
  static AttributionModel model(Map<String, String> query) {
    String name = query.getOrDefault("model", AttributionModel.LAST.toString());
    try {
      return AttributionModel.of(name);
    } catch (InvalidEventException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /**
   * Adds each campaign's report under {@code model} to the campaign list, whose entries keep what
   * they already say (definition and dashboard counts).
   */
  ObjectNode campaigns(ObjectNode listing, AttributionModel model) {
    Region<String, String> region = GeodeClient.region(cache, Regions.CAMPAIGN_KPIS);
    Set<String> ids = new TreeSet<>(region.keySetOnServer());
    List<ObjectNode> entries = new ArrayList<>();
    listing.get("campaigns").forEach(entry -> entries.add((ObjectNode) entry));
    entries.forEach(entry -> ids.add(entry.get("campaignId").asText()));
    Map<String, String> stored = region.getAll(ids);
    for (ObjectNode entry : entries) {
      String id = entry.get("campaignId").asText();
      entry.set("report", report(id, kpis(id, stored.get(id)), model));
      ids.remove(id);
    }
    ArrayNode campaigns = (ArrayNode) listing.get("campaigns");
    for (String runtimeOnly : ids) {
      ObjectNode entry = JSON.createObjectNode();
      entry.put("campaignId", runtimeOnly);
      entry.put("configured", false);
      entry.set("report", report(runtimeOnly, kpis(runtimeOnly, stored.get(runtimeOnly)), model));
      campaigns.add(entry);
    }
    listing.put("model", model.toString());
    return listing;
  }

  /** One campaign's report; a campaign neither configured nor seen is not found. */
  ObjectNode campaign(String campaignId, AttributionModel model) {
    String stored = GeodeClient.region(cache, Regions.CAMPAIGN_KPIS).get(campaignId);
    boolean configured =
        config.campaigns().stream().anyMatch(c -> c.campaignId().equals(campaignId));
    if (stored == null && !configured) {
      throw ApiException.notFound("campaign '" + campaignId + "' is not known");
    }
    return report(campaignId, kpis(campaignId, stored), model);
  }

  /** One configured store's report. */
  ObjectNode store(String storeId) {
    StoreConfig store =
        config
            .store(storeId)
            .orElseThrow(() -> ApiException.notFound("store '" + storeId + "' is not configured"));
    String storedKpis = GeodeClient.region(cache, Regions.STORE_KPIS).get(storeId);
    StoreKpis kpis =
        storedKpis == null ? StoreKpis.none(storeId) : Json.decode(storedKpis, StoreKpis.class);
    String storedCredits = GeodeClient.region(cache, Regions.STORE_CREDITS).get(storeId);
    StoreCreditTotals credits =
        storedCredits == null
            ? StoreCreditTotals.none(storeId, config.catalogue().currency())
            : Json.decode(storedCredits, StoreCreditTotals.class);

    ObjectNode report = JSON.createObjectNode();
    report.put("storeId", store.id());
    report.put("name", store.name());
    report.put("currency", config.catalogue().currency());
    report.put("visits", kpis.visits());
    report.put("attributedVisits", kpis.attributedVisits());
    report.put("convertedVisits", kpis.convertedVisits());
    putRatio(report, "cvr", kpis.convertedVisits(), kpis.visits());
    report.put("storeSales", money(kpis.storeSales()));
    report.put("onlineSales", money(kpis.onlineSales()));
    report.put("attributedStoreSales", money(kpis.attributedStoreSales()));
    BigDecimal total = kpis.storeSales().add(kpis.onlineSales());
    putRatio(report, "onlineShare", kpis.onlineSales(), total);
    ArrayNode credit = report.putArray("creditFromOnlineSales");
    for (StoreCreditTotals.RoleTotal role : credits.roles()) {
      credit
          .addObject()
          .put("role", role.role().toString())
          .put("currency", role.currency())
          .put("amount", money(role.amount()))
          .put("lines", role.lines());
    }
    if (kpis.updatedAt() != null) {
      report.put("updatedAt", kpis.updatedAt().toString());
    }
    return report;
  }

  private CampaignKpis kpis(String campaignId, String stored) {
    if (stored != null) {
      return Json.decode(stored, CampaignKpis.class);
    }
    List<CampaignKpis.ModelTotals> models = new ArrayList<>();
    for (AttributionModel model : AttributionModel.values()) {
      models.add(new CampaignKpis.ModelTotals(model, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO));
    }
    Optional<Campaign> configured =
        config.campaigns().stream().filter(c -> c.campaignId().equals(campaignId)).findFirst();
    return new CampaignKpis(
        campaignId,
        configured.map(Campaign::name).orElse(null),
        configured.map(Campaign::spend).orElse(null),
        configured.map(Campaign::currency).orElse(null),
        configured.map(Campaign::holdoutShare).orElse(null),
        0,
        0,
        0,
        0,
        models,
        CampaignKpis.Holdout.EMPTY,
        null);
  }

  private ObjectNode report(String campaignId, CampaignKpis kpis, AttributionModel model) {
    CampaignKpis.ModelTotals totals = kpis.model(model);
    BigDecimal revenue = totals.storeRevenue().add(totals.onlineRevenue());
    ObjectNode report = JSON.createObjectNode();
    report.put("campaignId", campaignId);
    report.put("model", model.toString());
    report.put("name", kpis.name());
    report.put("currency", kpis.currency());
    report.put("spend", kpis.spend() == null ? null : money(kpis.spend()));
    report.put("impressions", kpis.impressions());
    report.put("clicks", kpis.clicks());
    report.put("couponClaims", kpis.couponClaims());
    report.put("productViews", kpis.productViews());
    putRatio(report, "ctr", kpis.clicks(), kpis.impressions());
    report.put("attributedVisits", totals.visits());
    report.put("convertedVisits", totals.convertedVisits());
    putRatio(report, "cvr", totals.convertedVisits(), totals.visits());
    report.put("storeRevenue", money(totals.storeRevenue()));
    report.put("onlineRevenue", money(totals.onlineRevenue()));
    report.put("revenue", money(revenue));
    putRatio(report, "onlineShare", totals.onlineRevenue(), revenue);
    boolean sameCurrency = config.catalogue().currency().equals(kpis.currency());
    if (kpis.spend() != null && totals.visits() > 0) {
      report.put(
          "costPerVisit",
          money(kpis.spend().divide(BigDecimal.valueOf(totals.visits()), MathContext.DECIMAL64)));
    } else {
      report.putNull("costPerVisit");
    }
    if (kpis.spend() != null && sameCurrency) {
      putRatio(report, "roas", revenue, kpis.spend());
    } else {
      report.putNull("roas");
    }
    CampaignKpis.Holdout holdout = kpis.holdout();
    report.put("holdoutShare", kpis.holdoutShare());
    report.set("holdout", JSON.valueToTree(holdout));
    Optional<CampaignKpis.Lift> lift = holdout.lift(config.attribution().minLiftVolume());
    report.set("lift", lift.<JsonNode>map(JSON::valueToTree).orElse(null));
    report.put("minLiftVolume", config.attribution().minLiftVolume());
    if (kpis.updatedAt() != null) {
      report.put("updatedAt", kpis.updatedAt().toString());
    }
    return report;
  }

  /** The reports' columns, in order, as comma-separated values with a header row. */
  static String csv(List<ObjectNode> rows) {
    List<String> columns = new ArrayList<>();
    for (ObjectNode row : rows) {
      flatten("", row).keySet().stream().filter(c -> !columns.contains(c)).forEach(columns::add);
    }
    StringBuilder out = new StringBuilder(String.join(",", columns)).append("\r\n");
    for (ObjectNode row : rows) {
      Map<String, String> cells = flatten("", row);
      List<String> line = new ArrayList<>();
      columns.forEach(column -> line.add(cell(cells.getOrDefault(column, ""))));
      out.append(String.join(",", line)).append("\r\n");
    }
    return out.toString();
  }

  /** Nested objects become {@code parent.child} columns, arrays {@code parent.N.child}. */
  private static Map<String, String> flatten(String prefix, JsonNode node) {
    Map<String, String> cells = new LinkedHashMap<>();
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        cells.putAll(flatten(prefix + field.getKey() + ".", field.getValue()));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        cells.putAll(flatten(prefix + i + ".", node.get(i)));
      }
    } else {
      cells.put(prefix.substring(0, prefix.length() - 1), node.isNull() ? "" : node.asText());
    }
    return cells;
  }

  private static String cell(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static void putRatio(ObjectNode node, String field, double part, double whole) {
    if (whole == 0) {
      node.putNull(field);
    } else {
      node.put(field, part / whole);
    }
  }

  private static void putRatio(ObjectNode node, String field, BigDecimal part, BigDecimal whole) {
    if (whole.signum() == 0) {
      node.putNull(field);
    } else {
      node.put(field, part.divide(whole, MathContext.DECIMAL64).doubleValue());
    }
  }
}
