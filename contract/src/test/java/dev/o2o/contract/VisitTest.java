package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisitTest {
  private static final Instant T = Instant.parse("2026-11-23T10:15:30Z");

  @Test
  void aVisitWithZonesRoundTripsWithItsStatusByWireName() {
    Visit visit =
        new Visit(
            "v-1",
            "c-1",
            "berlin-mitte",
            T,
            T.plusSeconds(90),
            VisitStatus.ZONE_CHANGED,
            5,
            "menswear",
            List.of(
                new Visit.ZoneDwell("entrance", T, 30),
                new Visit.ZoneDwell("menswear", T.plusSeconds(30), 60)));

    String json = Json.encodeToString(visit);

    assertThat(json)
        .contains("\"status\":\"zone-changed\"")
        .contains("\"zone\":\"menswear\"")
        .contains(
            "{\"zone\":\"entrance\",\"firstSeenAt\":\"2026-11-23T10:15:30Z\",\"dwellSeconds\":30}");
    assertThat(Topics.VISITS.decode(Topics.VISITS.encode(visit))).isEqualTo(visit);
  }

  @Test
  void aVisitWrittenWithoutZonesReadsWithAnEmptyZoneList() {
    String json =
        "{\"visitId\":\"v-1\",\"customerId\":\"c-1\",\"storeId\":\"berlin-mitte\","
            + "\"enteredAt\":\"2026-11-23T10:15:30Z\",\"lastSeenAt\":\"2026-11-23T10:16:30Z\","
            + "\"status\":\"closed\",\"sightings\":4}";

    Visit visit = Json.decode(json, Visit.class);

    assertThat(visit.status()).isEqualTo(VisitStatus.CLOSED);
    assertThat(visit.zone()).isNull();
    assertThat(visit.zones()).isEmpty();
    assertThat(visit.dwellSeconds()).isEqualTo(60);
  }
}
