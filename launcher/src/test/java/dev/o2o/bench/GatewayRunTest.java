package dev.o2o.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GatewayRunTest {
  @Test
  void readsTheEventIdOfASightingAsTheGatewayWritesIt() {
    BeaconSighting sighting =
        new BeaconSighting(
            "gateway-run-42",
            Instant.parse("2026-11-24T10:00:00Z"),
            "berlin-mitte",
            "b-1",
            "bench-c-42",
            -60);
    assertThat(GatewayRun.eventIdOf(Json.encodeEvent(sighting))).isEqualTo("gateway-run-42");
  }

  @Test
  void readsTheEventIdWhereverItStandsAndSkipsNestedValues() {
    byte[] value =
        "{\"type\":\"beacon.sighting\",\"extra\":{\"eventId\":\"inner\"},\"eventId\":\"outer\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(GatewayRun.eventIdOf(value)).isEqualTo("outer");
  }

  @Test
  void refusesARecordWithoutAnEventId() {
    assertThatThrownBy(
            () -> GatewayRun.eventIdOf("{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("has no eventId");
  }
}
