package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.Event;
import dev.o2o.contract.Json;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Topics;
import dev.o2o.engagement.EngagementInputs;
import dev.o2o.inventory.InventoryInputs;
import dev.o2o.inventory.StockMovement;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseRecordsTest {
  private static final Instant T0 = TestEngine.MORNING;
  private static final Duration MAX_CLOCK_SKEW = Duration.ofDays(7);

  @Test
  void mapsAValidSaleToAMovement() throws Exception {
    try (var harness = inventorySales()) {
      harness.processElement(raw(Json.encodeEvent(sale("berlin-mitte", "BLAZER-NAVY-50"))), 0);

      assertThat(harness.extractOutputValues())
          .singleElement()
          .satisfies(
              movement -> {
                assertThat(movement.kind()).isEqualTo(StockMovement.Kind.SALE);
                assertThat(movement.locationId()).isEqualTo("berlin-mitte");
              });
      assertThat(deadLetters(harness)).isEmpty();
    }
  }

  @Test
  void sendsAPayloadThatDoesNotDecodeToDeadLettersWithTheReason() throws Exception {
    try (var harness = inventorySales()) {
      harness.setProcessingTime(T0.toEpochMilli());
      harness.processElement(raw("{\"type\":\"pos.sale\",".getBytes(StandardCharsets.UTF_8)), 0);

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(deadLetters(harness))
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.source()).isEqualTo("o2o.sales");
                assertThat(letter.origin()).isEqualTo("inventory");
                assertThat(letter.reason()).startsWith("not valid JSON");
                assertThat(letter.payload()).isEqualTo("{\"type\":\"pos.sale\",");
                assertThat(letter.receivedAt()).isEqualTo(T0);
              });
    }
  }

  @Test
  void sendsASaleAtAnUnknownStoreToDeadLetters() throws Exception {
    try (var harness = inventorySales()) {
      harness.processElement(raw(Json.encodeEvent(sale("paris-opera", "BLAZER-NAVY-50"))), 0);

      assertThat(deadLetters(harness))
          .extracting(DeadLetter::reason)
          .containsExactly("storeId 'paris-opera' is not a configured store");
    }
  }

  @Test
  void skipsWhatDoesNotConcernTheJobWithoutADeadLetter() throws Exception {
    try (OneInputStreamOperatorTestHarness<RawRecord, PosSale> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new ParseRecords<>(
                Topics.SALES,
                "engagement",
                EngagementInputs.purchases(TestEngine.config()),
                MAX_CLOCK_SKEW))) {
      harness.processElement(
          raw(
              Json.encodeEvent(
                  new PosReturn(
                      "r-1",
                      T0,
                      "berlin-mitte",
                      "rc-1",
                      "BLAZER-NAVY-50",
                      1,
                      new BigDecimal("229.00"),
                      "EUR",
                      "cust-1"))),
          0);

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(deadLetters(harness)).isEmpty();
    }
  }

  @Test
  void sendsAnEventStampedFarFromWhenItWasWrittenToDeadLetters() throws Exception {
    try (var harness = inventorySales()) {
      PosSale future = saleAt(T0.plus(Duration.ofDays(30)));
      PosSale past = saleAt(T0.minus(Duration.ofDays(8)));
      PosSale skewed = saleAt(T0.plus(Duration.ofHours(2)));
      harness.processElement(raw(Json.encodeEvent(future)), 0);
      harness.processElement(raw(Json.encodeEvent(past)), 0);
      harness.processElement(raw(Json.encodeEvent(skewed)), 0);

      assertThat(harness.extractOutputValues()).singleElement();
      assertThat(deadLetters(harness))
          .extracting(DeadLetter::reason)
          .containsExactly(
              "occurredAt 2026-12-23T10:00:00Z is more than PT168H away from when it was written"
                  + " to Kafka (2026-11-23T10:00:00Z)",
              "occurredAt 2026-11-15T10:00:00Z is more than PT168H away from when it was written"
                  + " to Kafka (2026-11-23T10:00:00Z)");
    }
  }

  @Test
  void anImplausibleEventTimeDoesNotMoveTheWatermark() {
    byte[] future = Json.encodeEvent(saleAt(T0.plus(Duration.ofDays(365))));
    byte[] onTime = Json.encodeEvent(saleAt(T0.minusSeconds(1)));
    long writtenAt = T0.toEpochMilli();

    assertThat(JobWiring.eventTimeOf(raw(future), writtenAt, MAX_CLOCK_SKEW)).isEqualTo(writtenAt);
    assertThat(JobWiring.eventTimeOf(raw(onTime), writtenAt, MAX_CLOCK_SKEW))
        .isEqualTo(T0.minusSeconds(1).toEpochMilli());
  }

  @Test
  void refusesAnOversizeBodyBeforeParsingIt() throws Exception {
    try (var harness = inventorySales()) {
      String oversize = "{\"type\":\"pos.sale\",\"note\":\"" + "x".repeat(100_000) + "\"}";
      harness.processElement(raw(oversize.getBytes(StandardCharsets.UTF_8)), 0);

      assertThat(deadLetters(harness))
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.reason())
                    .isEqualTo(
                        "payload of 100029 bytes is larger than the 65536 bytes an event may have");
                assertThat(letter.payload()).endsWith("... (100029 characters in all)");
              });
    }
  }

  private static PosSale saleAt(Instant occurredAt) {
    return new PosSale(
        "s-" + occurredAt.toEpochMilli(),
        occurredAt,
        "berlin-mitte",
        "r-1",
        "BLAZER-NAVY-50",
        1,
        new BigDecimal("229.00"),
        "EUR",
        null,
        null);
  }

  private static OneInputStreamOperatorTestHarness<RawRecord, StockMovement> inventorySales()
      throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(
        new ParseRecords<Event, StockMovement>(
            Topics.SALES, "inventory", InventoryInputs.sales(TestEngine.config()), MAX_CLOCK_SKEW));
  }

  private static RawRecord raw(byte[] value) {
    return new RawRecord(Topics.SALES.name(), value, T0.toEpochMilli());
  }

  private static PosSale sale(String storeId, String sku) {
    return new PosSale(
        "s-1", T0, storeId, "rc-1", sku, 1, new BigDecimal("229.00"), "EUR", null, null);
  }

  private static List<DeadLetter> deadLetters(
      OneInputStreamOperatorTestHarness<RawRecord, ?> harness) {
    var letters = harness.getSideOutput(ParseRecords.DEAD_LETTERS);
    return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
  }
}
