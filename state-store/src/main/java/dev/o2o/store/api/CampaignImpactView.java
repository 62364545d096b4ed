package dev.o2o.store.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.Json;
import dev.o2o.contract.StockLevel;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.geode.cache.Region;
import org.apache.geode.cache.client.ClientCache;

/**
 * Answers {@code /api/campaigns/{campaignId}/impact}, so that stores can review a campaign before
 * it starts: its policy verdict, the categories and skus it would offer in store, the stores that
 * hold any of those skus, and roughly how many customers it would reach.
 *
 * <p>The campaign is the latest one that arrived on the campaign topic (its report in Geode), else
 * the one in the config file. The customer figure is an estimate from what Geode holds: customers
 * whose latest recorded visit was at one of those stores, less the campaign's holdout share. It
 * does not know consent, caps or quiet hours, and misses customers never seen by a beacon, so it is
 * an upper bound for visitors and says nothing of online-only customers. It reads every customer's
 * latest visit, which is fine for a review before launch but not for a hot path.
 */
final class CampaignImpactView {
  static final String CUSTOMER_BASIS =
      "customers whose latest visit recorded in the state store was at one of the stores, less the"
          + " campaign's holdout share; consent, caps and quiet hours are not applied, and"
          + " customers never seen by a store beacon are not counted";

  private static final ObjectMapper JSON = Json.mapper();

  private final EngineConfig config;
  private final ClientCache cache;

  CampaignImpactView(EngineConfig config, ClientCache cache) {
    this.config = config;
    this.cache = cache;
  }

  ObjectNode impact(String campaignId) {
    ObjectNode result = JSON.createObjectNode();
    Campaign campaign = verdict(campaignId, result);
    Set<String> onlineOnly = config.engagement().policy().onlineOnlyCategories();
    List<String> inStoreCategories =
        campaign.categories().stream().filter(c -> !onlineOnly.contains(c)).toList();
    List<String> skus =
        config.catalogue().items().stream()
            .filter(item -> inStoreCategories.contains(item.category()))
            .map(CatalogueItem::sku)
            .toList();

    List<String> keys = new ArrayList<>();
    config
        .stores()
        .forEach(store -> skus.forEach(sku -> keys.add(StockLevel.key(sku, store.id()))));
    Map<String, String> stock = keys.isEmpty() ? Map.of() : region(Regions.INVENTORY).getAll(keys);
    ArrayNode stores = JSON.createArrayNode();
    Set<String> touched = new HashSet<>();
    for (StoreConfig store : config.stores()) {
      ArrayNode inStock = JSON.createArrayNode();
      for (String sku : skus) {
        String level = stock.get(StockLevel.key(sku, store.id()));
        if (level != null && Json.decode(level, StockLevel.class).available() > 0) {
          inStock.add(sku);
        }
      }
      if (!inStock.isEmpty()) {
        touched.add(store.id());
        ObjectNode entry = JSON.createObjectNode();
        entry.put("storeId", store.id());
        entry.put("name", store.name());
        entry.set("skusInStock", inStock);
        stores.add(entry);
      }
    }

    long visitors = visitorsOf(touched);
    result.set("categories", JSON.valueToTree(inStoreCategories));
    result.set(
        "onlineOnlyCategories",
        JSON.valueToTree(campaign.categories().stream().filter(onlineOnly::contains).toList()));
    result.set("skus", JSON.valueToTree(skus));
    result.set("stores", stores);
    ObjectNode customers = JSON.createObjectNode();
    customers.put("lastVisitedTheseStores", visitors);
    customers.put("holdoutShare", campaign.holdoutShare());
    customers.put("estimate", Math.round(visitors * (1 - campaign.holdoutShare())));
    customers.put("basis", CUSTOMER_BASIS);
    result.set("customers", customers);
    return result;
  }

  /**
   * The campaign and its verdict, written into the result: the latest report on the campaign topic,
   * else the config file's campaign, which passed the policy at start-up.
   */
  private Campaign verdict(String campaignId, ObjectNode result) {
    String stored = region(Regions.CAMPAIGN_REPORTS).get(campaignId);
    if (stored != null) {
      CampaignReport report = Json.decode(stored, CampaignReport.class);
      result.put("campaignId", campaignId);
      result.put("source", "campaign-topic");
      result.put("verdict", report.verdict().toString());
      result.set("breaches", JSON.valueToTree(report.breaches()));
      result.set("campaign", JSON.valueToTree(report.campaign()));
      return report.campaign();
    }
    Campaign configured =
        config.campaigns().stream()
            .filter(c -> c.campaignId().equals(campaignId))
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("campaign '" + campaignId + "' is not known"));
    result.put("campaignId", campaignId);
    result.put("source", "config");
    result.put("verdict", CampaignReport.Verdict.ACCEPTED.toString());
    result.set("breaches", JSON.createArrayNode());
    result.set("campaign", JSON.valueToTree(configured));
    return configured;
  }

  private long visitorsOf(Set<String> stores) {
    if (stores.isEmpty()) {
      return 0;
    }
    Region<String, String> visits = region(Regions.VISITS);
    Set<String> customers = visits.keySetOnServer();
    if (customers.isEmpty()) {
      return 0;
    }
    long count = 0;
    for (String visit : visits.getAll(customers).values()) {
      if (visit != null && stores.contains(storeOf(visit))) {
        count++;
      }
    }
    return count;
  }

  private static String storeOf(String visit) {
    JsonNode node = LatestView.parse(visit);
    return node.path("storeId").asText();
  }

  private Region<String, String> region(String name) {
    return GeodeClient.region(cache, name);
  }
}
