package dev.o2o.store.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CampaignReport;
import dev.o2o.contract.Json;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.geode.cache.client.ClientCache;

/**
 * Answers {@code /api/campaigns/{campaignId}/budget}: how much of a campaign's budget its accepted
 * redemptions have used, as the engagement job last reported it, with what remains and whether the
 * campaign is stopped for it. A known campaign without redemptions yet has committed nothing.
 */
final class CampaignBudgetView {
  private static final ObjectMapper JSON = Json.mapper();

  private final EngineConfig config;
  private final ClientCache cache;

  CampaignBudgetView(EngineConfig config, ClientCache cache) {
    this.config = config;
    this.cache = cache;
  }

  ObjectNode budget(String campaignId) {
    String stored = GeodeClient.region(cache, Regions.CAMPAIGN_BUDGETS).get(campaignId);
    if (stored != null) {
      CampaignBudget status = Json.decode(stored, CampaignBudget.class);
      ObjectNode result = JSON.valueToTree(status);
      result.put("remaining", status.remaining().toPlainString());
      return result;
    }
    Campaign campaign =
        known(campaignId)
            .orElseThrow(() -> ApiException.notFound("campaign '" + campaignId + "' is not known"));
    ObjectNode result = JSON.createObjectNode();
    result.put("campaignId", campaignId);
    result.put("budget", campaign.budget() == null ? null : campaign.budget().toPlainString());
    result.put("committed", BigDecimal.ZERO.toPlainString());
    result.put("currency", campaign.currency());
    result.put("redemptions", 0);
    result.put("exhausted", false);
    result.put("remaining", campaign.budget() == null ? null : campaign.budget().toPlainString());
    return result;
  }

  /** The latest campaign that arrived on the campaign topic, else the configured one. */
  private Optional<Campaign> known(String campaignId) {
    String report = GeodeClient.region(cache, Regions.CAMPAIGN_REPORTS).get(campaignId);
    if (report != null) {
      return Optional.of(Json.decode(report, CampaignReport.class).campaign());
    }
    return config.campaigns().stream().filter(c -> c.campaignId().equals(campaignId)).findFirst();
  }
}
