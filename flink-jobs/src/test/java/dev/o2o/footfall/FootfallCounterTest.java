package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Offer;
import dev.o2o.contract.Redemption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FootfallCounterTest {
  private static final Instant MINUTE = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration LATENESS = Duration.ofMinutes(10);
  private static final long CLOSES_AT = MINUTE.plus(Duration.ofMinutes(11)).toEpochMilli();

  private KeyedOneInputStreamOperatorTestHarness<String, MinuteDelta, FootfallMinute> harness;

  /** Each test runs with both state backends, which keep the counted ids in different ways. */
  private void open(String backend) throws Exception {
    harness = harness(backend);
    harness.open();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MinuteDelta, FootfallMinute>
      harness(String backend) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, MinuteDelta, FootfallMinute> opened =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new FootfallCounter(LATENESS, backend)),
            MinuteDelta::key,
            Types.STRING);
    if (backend.equals("rocksdb")) {
      opened.setStateBackend(new EmbeddedRocksDBStateBackend());
    }
    return opened;
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void emitsTheRunningTotalOfEveryFigureAfterEveryChange(String backend) throws Exception {
    open(backend);
    process(
        MinuteDelta.of(new DoorCount("d-1", MINUTE.plusSeconds(5), "berlin-mitte", "main", 3, 1)));
    process(visit("v-1#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, false)));
    process(visit("v-2#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, true)));
    process(
        visit(
            "v-0#closed",
            FootfallMinute.visitClosed("berlin-mitte", MINUTE, Duration.ofMinutes(40), true)));
    process(MinuteDelta.of(offer("o-1")));
    process(MinuteDelta.of(redemption("r-1")));

    assertThat(harness.extractOutputValues()).hasSize(6);
    assertThat(last())
        .isEqualTo(
            new FootfallMinute("berlin-mitte", MINUTE, 3, 2, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void countsARepeatedEventOrChangeOnce(String backend) throws Exception {
    open(backend);
    DoorCount count = new DoorCount("d-1", MINUTE.plusSeconds(5), "berlin-mitte", "main", 3, 1);
    process(MinuteDelta.of(count));
    process(MinuteDelta.of(count));
    process(MinuteDelta.of(offer("o-1")));
    process(MinuteDelta.of(offer("o-1")));
    process(visit("v-1#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, false)));
    process(visit("v-1#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, false)));

    assertThat(harness.extractOutputValues()).hasSize(3);
    assertThat(last().doorEntries()).isEqualTo(3);
    assertThat(last().offersSent()).isEqualTo(1);
    assertThat(last().visits()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aLateChangeWithinTheAllowedLatenessCorrectsTheMinute(String backend) throws Exception {
    open(backend);
    process(
        MinuteDelta.of(new DoorCount("d-1", MINUTE.plusSeconds(5), "berlin-mitte", "main", 3, 0)));
    harness.processWatermark(CLOSES_AT - 1);
    process(
        MinuteDelta.of(new DoorCount("d-2", MINUTE.plusSeconds(50), "berlin-mitte", "main", 2, 0)));

    assertThat(last().doorEntries()).isEqualTo(5);
    assertThat(harness.getSideOutput(FootfallCounter.TOO_LATE)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aChangeAfterTheAllowedLatenessIsDeadLetteredAndTheMinuteKeepsItsTotal(String backend)
      throws Exception {
    open(backend);
    process(
        MinuteDelta.of(new DoorCount("d-1", MINUTE.plusSeconds(5), "berlin-mitte", "main", 3, 0)));
    harness.processWatermark(CLOSES_AT);
    process(
        MinuteDelta.of(new DoorCount("d-2", MINUTE.plusSeconds(50), "berlin-mitte", "main", 2, 0)));

    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(harness.getSideOutput(FootfallCounter.TOO_LATE)).hasSize(1);
    DeadLetter letter = harness.getSideOutput(FootfallCounter.TOO_LATE).peek().getValue();
    assertThat(letter.reason()).contains("berlin-mitte@" + MINUTE, "allowed lateness");
    assertThat(letter.payload()).contains("door:d-2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void dropsTheMinutesStateAndTimerOnceItsAllowedLatenessHasPassed(String backend)
      throws Exception {
    open(backend);
    process(
        MinuteDelta.of(new DoorCount("d-1", MINUTE.plusSeconds(5), "berlin-mitte", "main", 3, 0)));
    process(MinuteDelta.of(offer("o-1")));
    assertThat(harness.numEventTimeTimers()).isOne();

    harness.processWatermark(CLOSES_AT);

    for (String state : List.of("minute-total", "minute-counted-ids")) {
      try (Stream<String> keys =
          harness
              .getOperator()
              .<String>getKeyedStateBackend()
              .getKeys(state, VoidNamespace.INSTANCE)) {
        assertThat(keys).as(state).isEmpty();
      }
    }
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aMinuteRestoredFromACheckpointStillCountsARepeatOnce(String backend) throws Exception {
    open(backend);
    process(visit("v-1#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, false)));
    process(visit("v-2#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, true)));
    OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
    harness.close();

    harness = harness(backend);
    harness.initializeState(checkpoint);
    harness.open();
    process(visit("v-2#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, true)));
    process(visit("v-3#begun", FootfallMinute.visitBegun("berlin-mitte", MINUTE, false)));

    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(last().visits()).isEqualTo(3);
  }

  private void process(MinuteDelta delta) throws Exception {
    harness.processElement(delta, delta.change().minute().toEpochMilli());
  }

  private FootfallMinute last() {
    List<FootfallMinute> values = harness.extractOutputValues();
    return values.get(values.size() - 1);
  }

  private static MinuteDelta visit(String id, FootfallMinute change) {
    return new MinuteDelta("visit:" + id, change);
  }

  private static Offer offer(String offerId) {
    return new Offer(
        offerId,
        "cust-1",
        "berlin-mitte",
        "v-1",
        "SKU-1",
        "autumn-tailoring",
        Benefit.percentOff(10),
        "CODE-" + offerId,
        "arrival",
        MINUTE.plusSeconds(20),
        MINUTE.plus(Duration.ofHours(2)));
  }

  private static Redemption redemption(String id) {
    return new Redemption(
        id,
        "CODE-o-1",
        "o-1",
        "autumn-tailoring",
        "cust-1",
        "berlin-mitte",
        "s-1",
        "rc-1",
        "SKU-1",
        Redemption.Outcome.ACCEPTED,
        null,
        MINUTE.plusSeconds(40),
        null);
  }
}
