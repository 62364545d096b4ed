package dev.o2o.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTimeScanTest {
  private static final Instant T = Instant.parse("2026-11-23T10:15:30Z");

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheTimeOfEveryEventTheEngineWrites() {
    for (Event event : JsonTest.oneOfEach()) {
      assertThat(EventTimeScan.occurredAt(Json.encodeEvent(event)))
          .as(event.type().toString())
          .isEqualTo(Optional.of(T));
    }
  }

  @Test
  void readsPlainFieldsOfAnyKindBeforeTheTime() {
    assertThat(
            EventTimeScan.occurredAt(
                bytes(
                    " {\n \"n\" : -1.5e+3, \"t\":true,\"f\":false,\"z\":null,\"s\":\"ü, }\","
                        + "\t\"occurredAt\" : \"2026-11-23T10:15:30Z\", \"rest\": {\"x\": [1]}}")))
        .contains(T);
    assertThat(EventTimeScan.occurredAt(bytes("{\"a\":1}"))).as("no time").isEmpty();
    assertThat(EventTimeScan.occurredAt(bytes("{\"occurredAt\":17}"))).as("not a string").isEmpty();
    assertThat(EventTimeScan.occurredAt(bytes("{\"occurredAt\":\"soon\"}")))
        .as("not an instant")
        .isEmpty();
  }

  @Test
  void leavesToTheParserWhatItCannotTellForSure() {
    for (String json :
        List.of(
            "{\"nested\":{\"occurredAt\":\"x\"},\"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{\"list\":[],\"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{\"occurred\\u0041t\":\"2026-11-23T10:15:30Z\"}",
            "{\"s\":\"a\\\"b\",\"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{\"t\":tru,\"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{\"t\":truex,\"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{\"n\":-,\"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{\"a\":1 \"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{}",
            "{\"a\"",
            "[]",
            "not json",
            "{\"occurredAt\":\"2026-11-23T10:15:30Z")) {
      assertThat(EventTimeScan.occurredAt(bytes(json))).as(json).isNull();
    }
  }

  @Test
  void answersAsTheParserDoesWheneverItAnswers() {
    List<String> payloads = new ArrayList<>();
    for (Event event : JsonTest.oneOfEach()) {
      payloads.add(new String(Json.encodeEvent(event), StandardCharsets.UTF_8));
    }
    payloads.addAll(
        List.of(
            "{\"occurredAt\":\"2026-11-23T10:15:30.123456789Z\"}",
            "{\"occurredAt\":\"2026-11-23T11:15:30+01:00\"}",
            "{\"occurredAt\":\"2026-02-30T10:15:30Z\"}",
            "{\"occurredAt\":null}",
            "{\"a\":0,\"b\":\"\",\"occurredAt\":\"2026-11-23T10:15:30Z\"}",
            "{\"occurredAt\":\"2026-11-23T10:15:30Z\",\"occurredAt\":\"2020-01-01T00:00:00Z\"}"));
    for (String json : payloads) {
      Optional<Instant> scanned = EventTimeScan.occurredAt(bytes(json));
      assertThat(scanned).as(json).isNotNull().isEqualTo(Json.occurredAtParsed(bytes(json)));
    }
  }
}
