package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store's footfall through the real API: a Geode server in a child JVM holds the minutes as the
 * footfall job writes them (contract JSON keyed by store and minute), including one written before
 * the minutes had more figures than door entries and visits.
 */
class StoreFootfallApiTest {
  /** 11:15 in Berlin and Vienna; their day began at 23:00 UTC the evening before. */
  private static final Instant NOW = Instant.parse("2026-11-23T10:15:42Z");

  private static final Instant LOCAL_MIDNIGHT = Instant.parse("2026-11-22T23:00:00Z");
  private static final Instant TEN_OH_TWO = Instant.parse("2026-11-23T10:02:00Z");
  private static final Instant TEN_FIFTEEN = Instant.parse("2026-11-23T10:15:00Z");

  @RegisterExtension static final StateStoreFixture STATE = StateStoreFixture.at(NOW);

  @BeforeAll
  static void storeMinutes() {
    store(new FootfallMinute("berlin-mitte", LOCAL_MIDNIGHT.minusSeconds(60), 7, 4));
    GeodeClient.region(STATE.cache(), Regions.FOOTFALL)
        .put(
            FootfallMinute.key("berlin-mitte", LOCAL_MIDNIGHT),
            "{\"storeId\":\"berlin-mitte\",\"minute\":\""
                + LOCAL_MIDNIGHT
                + "\","
                + "\"doorEntries\":3,\"visits\":1}");
    store(FootfallMinute.door("berlin-mitte", TEN_OH_TWO, 1, 2));
    store(
        FootfallMinute.door("berlin-mitte", TEN_FIFTEEN, 5, 0)
            .plus(FootfallMinute.visitBegun("berlin-mitte", TEN_FIFTEEN, false))
            .plus(FootfallMinute.visitBegun("berlin-mitte", TEN_FIFTEEN, true))
            .plus(
                FootfallMinute.visitClosed(
                    "berlin-mitte", TEN_FIFTEEN, Duration.ofMinutes(12), true))
            .plus(
                FootfallMinute.visitClosed(
                    "berlin-mitte", TEN_FIFTEEN, Duration.ofMinutes(45), false))
            .plus(FootfallMinute.offerSent("berlin-mitte", TEN_FIFTEEN))
            .plus(FootfallMinute.offerSent("berlin-mitte", TEN_FIFTEEN))
            .plus(FootfallMinute.offerSent("berlin-mitte", TEN_FIFTEEN))
            .plus(FootfallMinute.offerRedeemed("berlin-mitte", TEN_FIFTEEN)));
    store(new FootfallMinute("hamburg-jungfernstieg", TEN_FIFTEEN, 9, 9));
  }

  @Test
  void addsUpTodaysDoorEntriesAndVisitsPerHourInTheStoresOwnDay() throws Exception {
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
  void addsUpTodaysNewAndReturningVisitorsDwellConversionAndOffers() throws Exception {
    JsonNode body = STATE.getJson("/api/stores/berlin-mitte/footfall", 200);

    assertThat(body.get("doorExits").asLong()).isEqualTo(2);
    assertThat(body.get("newVisitors").asLong()).isEqualTo(1);
    assertThat(body.get("returningVisitors").asLong()).isEqualTo(1);
    assertThat(body.get("closedVisits").asLong()).isEqualTo(2);
    assertThat(body.get("convertedVisits").asLong()).isEqualTo(1);
    assertThat(body.get("conversionRate").asDouble()).isEqualTo(0.5);
    assertThat(body.get("dwellUnder5Min").asLong()).isZero();
    assertThat(body.get("dwell5To15Min").asLong()).isEqualTo(1);
    assertThat(body.get("dwell15To30Min").asLong()).isZero();
    assertThat(body.get("dwell30To60Min").asLong()).isEqualTo(1);
    assertThat(body.get("dwellOver60Min").asLong()).isZero();
    assertThat(body.get("offersSent").asLong()).isEqualTo(3);
    assertThat(body.get("offersRedeemed").asLong()).isEqualTo(1);
    assertThat(body.at("/hours/11/convertedVisits").asLong()).isEqualTo(1);
    assertThat(body.at("/hours/11/offersSent").asLong()).isEqualTo(3);
    assertThat(body.at("/hours/0/closedVisits").asLong()).isZero();
    assertThat(body.at("/hours/0/conversionRate").isNull()).isTrue();
  }

  @Test
  void listsEveryFigurePerMinuteWithTheStoresTotalsOverTheWindow() throws Exception {
    JsonNode body = STATE.getJson("/api/footfall?store=berlin-mitte&minutes=700", 200);

    JsonNode berlin = body.at("/stores/0");
    assertThat(berlin.get("doorEntries").asLong()).isEqualTo(16);
    assertThat(berlin.get("visits").asLong()).isEqualTo(7);
    assertThat(berlin.get("returningVisitors").asLong()).isEqualTo(1);
    assertThat(berlin.get("conversionRate").asDouble()).isEqualTo(0.5);
    assertThat(berlin.get("offersSent").asLong()).isEqualTo(3);
    assertThat(berlin.get("minutes")).hasSize(4);
    JsonNode written = berlin.at("/minutes/1");
    assertThat(written.get("minute").asText()).isEqualTo(LOCAL_MIDNIGHT.toString());
    assertThat(written.get("doorEntries").asLong()).isEqualTo(3);
    assertThat(written.get("doorExits").asLong()).isZero();
    assertThat(written.get("offersRedeemed").asLong()).isZero();
    assertThat(berlin.at("/minutes/3/dwell30To60Min").asLong()).isEqualTo(1);
  }

  @Test
  void exportsTheMinutesAsCsvWithEveryFigureAsAColumn() throws Exception {
    HttpResponse<String> csv = STATE.get("/api/footfall?store=berlin-mitte&minutes=20&format=csv");

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0])
        .isEqualTo(
            "storeId,minute,doorEntries,visits,doorExits,newVisitors,returningVisitors,"
                + "closedVisits,convertedVisits,dwellUnder5Min,dwell5To15Min,dwell15To30Min,"
                + "dwell30To60Min,dwellOver60Min,offersSent,offersRedeemed");
    assertThat(lines)
        .containsExactly(
            lines[0],
            "berlin-mitte," + TEN_OH_TWO + ",1,0,2,0,0,0,0,0,0,0,0,0,0,0",
            "berlin-mitte," + TEN_FIFTEEN + ",5,2,0,1,1,2,1,0,1,0,1,0,3,1");
  }

  @Test
  void aStoreWithoutFootfallTodayShowsZeros() throws Exception {
    JsonNode body = STATE.getJson("/api/stores/vienna-mariahilf/footfall", 200);

    assertThat(body.get("doorEntries").asLong()).isZero();
    assertThat(body.get("visits").asLong()).isZero();
    assertThat(body.get("offersSent").asLong()).isZero();
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
