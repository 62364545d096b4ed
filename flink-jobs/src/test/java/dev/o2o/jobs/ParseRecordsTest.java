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
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseRecordsTest {
  private static final Instant T0 = TestEngine.MORNING;

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
                Topics.SALES, "engagement", EngagementInputs.purchases(TestEngine.config())))) {
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

  private static OneInputStreamOperatorTestHarness<RawRecord, StockMovement> inventorySales()
      throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(
        new ParseRecords<Event, StockMovement>(
            Topics.SALES, "inventory", InventoryInputs.sales(TestEngine.config())));
  }

  private static RawRecord raw(byte[] value) {
    return new RawRecord(Topics.SALES.name(), value);
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
