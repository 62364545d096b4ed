package dev.o2o.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Json;
import dev.o2o.launcher.EmbeddedEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayRunTest {
  @Test
  void carriesEveryPublishedSightingToKafkaAndMeasuresTheRate(@TempDir Path dataDir)
      throws Exception {
    EngineConfig config =
        ConfigLoader.load(
            Path.of("../config/o2o.yaml"),
            ConfigLoader.DEFAULT_PROFILE,
            EmbeddedEngine.isolatedOverrides(dataDir));

    GatewayRun.Result result = GatewayRun.run(config, 2_000, 6_000, 3);

    assertThat(result.published()).isEqualTo(6_000);
    assertThat(result.distinctOnKafka()).isEqualTo(6_000);
    assertThat(result.forwardedPerSecond()).isPositive();
    assertThat(result.cpuMicrosPerEvent()).isPositive();
  }

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
