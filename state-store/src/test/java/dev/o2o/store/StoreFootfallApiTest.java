package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store's footfall today through the real API: a Geode server in a child JVM holds the minutes as
 * the footfall job writes them (contract JSON keyed by store and minute).
 */
class StoreFootfallApiTest {
  /** 11:15 in Berlin and Vienna; their day began at 23:00 UTC the evening before. */
  private static final Instant NOW = Instant.parse("2026-11-23T10:15:42Z");

  private static final Instant LOCAL_MIDNIGHT = Instant.parse("2026-11-22T23:00:00Z");

  @RegisterExtension static final StateStoreFixture STATE = StateStoreFixture.at(NOW);

  @Test
  void addsUpTodaysDoorEntriesAndVisitsPerHourInTheStoresOwnDay() throws Exception {
    store(new FootfallMinute("berlin-mitte", LOCAL_MIDNIGHT.minusSeconds(60), 7, 4));
    store(new FootfallMinute("berlin-mitte", LOCAL_MIDNIGHT, 3, 1));
    store(new FootfallMinute("berlin-mitte", Instant.parse("2026-11-23T10:02:00Z"), 1, 0));
    store(new FootfallMinute("berlin-mitte", Instant.parse("2026-11-23T10:15:00Z"), 5, 2));
    store(new FootfallMinute("hamburg-jungfernstieg", Instant.parse("2026-11-23T10:15:00Z"), 9, 9));

    JsonNode body = STATE.getJson("/api/stores/berlin-mitte/footfall", 200);

    assertThat(body.get("storeId").asText()).isEqualTo("berlin-mitte");
    assertThat(body.get("name").asText()).isEqualTo("Berlin Mitte");
    assertThat(body.get("date").asText()).isEqualTo("2026-11-23");
    assertThat(body.get("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(body.get("since").asText()).isEqualTo(LOCAL_MIDNIGHT.toString());
    assertThat(body.get("doorEntries").asLong()).isEqualTo(9);
    assertThat(body.get("visits").asLong()).isEqualTo(3);
    assertThat(body.get("hours")).hasSize(12);
    assertThat(body.at("/hours/0/startsAt").asText()).isEqualTo(LOCAL_MIDNIGHT.toString());
    assertThat(body.at("/hours/0/doorEntries").asLong()).isEqualTo(3);
    assertThat(body.at("/hours/1/doorEntries").asLong()).isZero();
    assertThat(body.at("/hours/11/startsAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(body.at("/hours/11/doorEntries").asLong()).isEqualTo(6);
    assertThat(body.at("/hours/11/visits").asLong()).isEqualTo(2);
  }

  @Test
  void aStoreWithoutFootfallTodayShowsZeros() throws Exception {
    JsonNode body = STATE.getJson("/api/stores/vienna-mariahilf/footfall", 200);

    assertThat(body.get("doorEntries").asLong()).isZero();
    assertThat(body.get("visits").asLong()).isZero();
    assertThat(body.get("hours"))
        .hasSize(12)
        .allSatisfy(h -> assertThat(h.get("doorEntries").asLong()).isZero());
  }

  @Test
  void anUnknownStoreIsNotFoundWithAJsonError() throws Exception {
    assertThat(STATE.getJson("/api/stores/atlantis/footfall", 404).get("error").asText())
        .isEqualTo("store 'atlantis' is not configured");
  }

  private static void store(FootfallMinute minute) {
    GeodeClient.region(STATE.cache(), Regions.FOOTFALL)
        .put(minute.key(), Json.encodeToString(minute));
  }
}
