package dev.o2o.store.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import org.apache.geode.cache.client.ClientCache;

/**
 * Answers {@code /api/offers/{code}/redemption}: the sale that redeemed an offer code, as the
 * engagement job recorded it, so a till or an associate can see whether a code was used. Refused
 * uses are on the redemptions topic only.
 */
final class RedemptionView {
  private final ClientCache cache;

  RedemptionView(ClientCache cache) {
    this.cache = cache;
  }

  JsonNode redemption(String code) {
    String stored = GeodeClient.region(cache, Regions.REDEMPTIONS).get(code);
    if (stored == null) {
      throw ApiException.notFound(
          "offer code '"
              + code
              + "' has not been redeemed: it was never issued, is not used yet, or every use was"
              + " refused");
    }
    return LatestView.parse(stored);
  }
}
