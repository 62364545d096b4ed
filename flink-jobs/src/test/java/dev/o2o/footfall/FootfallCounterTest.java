package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.FootfallMinute;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FootfallCounterTest {
  private static final Instant MINUTE = Instant.parse("2026-11-23T10:00:00Z");

  private KeyedOneInputStreamOperatorTestHarness<String, FootfallMinute, FootfallMinute> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new FootfallCounter(), FootfallMinute::key, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void emitsTheRunningTotalAfterEveryInput() throws Exception {
    harness.processElement(new FootfallMinute("berlin-mitte", MINUTE, 3, 0), MINUTE.toEpochMilli());
    harness.processElement(new FootfallMinute("berlin-mitte", MINUTE, 0, 1), MINUTE.toEpochMilli());
    harness.processElement(new FootfallMinute("berlin-mitte", MINUTE, 2, 0), MINUTE.toEpochMilli());

    assertThat(harness.extractOutputValues())
        .containsExactly(
            new FootfallMinute("berlin-mitte", MINUTE, 3, 0),
            new FootfallMinute("berlin-mitte", MINUTE, 3, 1),
            new FootfallMinute("berlin-mitte", MINUTE, 5, 1));
  }

  @Test
  void dropsAMinuteAfterItsRetentionAndIgnoresLaterInputForIt() throws Exception {
    harness.processElement(new FootfallMinute("berlin-mitte", MINUTE, 3, 0), MINUTE.toEpochMilli());
    harness.processWatermark(MINUTE.plus(FootfallCounter.RETENTION).toEpochMilli());

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    harness.processElement(new FootfallMinute("berlin-mitte", MINUTE, 1, 0), MINUTE.toEpochMilli());
    assertThat(harness.extractOutputValues()).hasSize(1);
  }
}
