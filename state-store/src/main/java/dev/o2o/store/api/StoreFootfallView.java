package dev.o2o.store.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.geode.cache.client.ClientCache;

/**
 * Answers {@code /api/stores/{storeId}/footfall}: a store's footfall today, in the store's own time
 * zone, for its manager. The door counters' entries and exits are anonymous footfall; visits are
 * the identified customers whose visit began, new or returning; closed visits come with their dwell
 * and conversion, then the offers sent and redeemed. Every figure comes in total and per hour from
 * local midnight to the current hour. The footfall region holds one entry per store and minute, so
 * the day is one batch read of computed keys rather than a query.
 */
final class StoreFootfallView {
  private static final ObjectMapper JSON = Json.mapper();

  private final EngineConfig config;
  private final ClientCache cache;
  private final Clock clock;

  StoreFootfallView(EngineConfig config, ClientCache cache, Clock clock) {
    this.config = config;
    this.cache = cache;
    this.clock = clock;
  }

  ObjectNode today(String storeId) {
    StoreConfig store =
        config
            .store(storeId)
            .orElseThrow(() -> ApiException.notFound("store '" + storeId + "' is not configured"));
    Instant now = clock.instant();
    LocalDate date = LocalDate.ofInstant(now, store.timeZone());
    Instant midnight = date.atStartOfDay(store.timeZone()).toInstant();
    Instant currentMinute = now.truncatedTo(ChronoUnit.MINUTES);

    List<String> keys = new ArrayList<>();
    for (Instant minute = midnight;
        !minute.isAfter(currentMinute);
        minute = minute.plusSeconds(60)) {
      keys.add(FootfallMinute.key(store.id(), minute));
    }
    Map<String, String> stored = GeodeClient.region(cache, Regions.FOOTFALL).getAll(keys);

    int hours = (int) ChronoUnit.HOURS.between(midnight, currentMinute) + 1;
    FootfallMinute[] perHour = new FootfallMinute[hours];
    for (int hour = 0; hour < hours; hour++) {
      perHour[hour] = FootfallMinute.none(store.id(), midnight.plus(hour, ChronoUnit.HOURS));
    }
    FootfallMinute day = FootfallMinute.none(store.id(), midnight);
    for (String value : stored.values()) {
      if (value != null) {
        FootfallMinute minute = FootfallFigures.read(value);
        int hour = (int) ChronoUnit.HOURS.between(midnight, minute.minute());
        perHour[hour] = perHour[hour].plus(minute);
        day = day.plus(minute);
      }
    }

    ArrayNode hourly = JSON.createArrayNode();
    for (FootfallMinute hour : perHour) {
      ObjectNode entry = hourly.addObject();
      entry.put("startsAt", hour.minute().toString());
      FootfallFigures.put(entry, hour);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("storeId", store.id());
    result.put("name", store.name());
    result.put("date", date.toString());
    result.put("timeZone", store.timeZone().getId());
    result.put("since", midnight.toString());
    FootfallFigures.put(result, day);
    result.set("hours", hourly);
    return result;
  }
}
