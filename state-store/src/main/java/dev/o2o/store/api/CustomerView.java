package dev.o2o.store.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.contract.Json;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.geode.cache.client.ClientCache;

/**
 * Answers {@code /api/customers/{customerId}} for a store associate's device: one member's
 * preferences (tier, segment, consent), points with the ledger behind them, cross-channel history
 * (purchases in stores and online, online views, cart and wishlist, store visits), the last visit
 * and the last offer with whether it is still live. It reads the member's {@link
 * dev.o2o.contract.MemberProfile}, latest visit and latest offer, one key lookup each. A customer
 * with none of the three is not found.
 */
final class CustomerView {
  private static final ObjectMapper JSON = Json.mapper();

  private final ClientCache cache;
  private final Clock clock;

  CustomerView(ClientCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  ObjectNode customer(String customerId) {
    JsonNode profile = read(Regions.PROFILES, customerId);
    JsonNode visit = read(Regions.VISITS, customerId);
    JsonNode offer = read(Regions.OFFERS, customerId);
    if (offer.isNull()) {
      offer = profile.path("liveOffer");
      offer = offer.isMissingNode() ? NullNode.getInstance() : offer;
    }
    if (profile.isNull() && visit.isNull() && offer.isNull()) {
      throw ApiException.notFound(
          "customer '" + customerId + "' is not known: no profile, visit or offer");
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("customerId", customerId);
    ObjectNode preferences = result.putObject("preferences");
    preferences.set("tier", field(profile, "tier"));
    preferences.set("segment", field(profile, "segment"));
    preferences.set("offerConsent", field(profile, "offerConsent"));
    ObjectNode points = result.putObject("points");
    points.put("balance", profile.path("points").asLong(0));
    points.set("ledger", list(profile, "ledger"));
    ObjectNode history = result.putObject("history");
    history.set("spent", field(profile, "spent"));
    for (String list : new String[] {"purchases", "visits", "viewed", "carted", "wishlist"}) {
      history.set(list, list(profile, list));
    }
    result.set("visit", visit);
    result.set("offer", offer);
    result.put("offerLive", isLive(offer));
    result.set("updatedAt", field(profile, "updatedAt"));
    return result;
  }

  private JsonNode read(String region, String customerId) {
    String stored = GeodeClient.region(cache, region).get(customerId);
    return stored == null ? NullNode.getInstance() : LatestView.parse(stored);
  }

  private static JsonNode field(JsonNode profile, String name) {
    JsonNode value = profile.path(name);
    return value instanceof MissingNode ? NullNode.getInstance() : value;
  }

  private static JsonNode list(JsonNode profile, String name) {
    JsonNode value = profile.path(name);
    return value.isArray() ? value : JSON.createArrayNode();
  }

  private boolean isLive(JsonNode offer) {
    try {
      return offer.hasNonNull("expiresAt")
          && Instant.parse(offer.get("expiresAt").asText()).isAfter(clock.instant());
    } catch (DateTimeParseException unreadable) {
      return false;
    }
  }
}
