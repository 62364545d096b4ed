package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DropRepeatsTest {
  private static final DropRepeats.IdOf<String> ITSELF = id -> id;
  private static final Duration RETENTION = Duration.ofDays(1);

  @Test
  void passesTheFirstOfEachIdAndDropsItsRepeats() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<Long, String, String> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DropRepeats<>(Types.STRING, ITSELF, Duration.ofDays(1)),
            DropRepeats.digestKey(ITSELF, DropRepeats.HEAP_KEY_BITS),
            Types.LONG)) {
      harness.processElement("m-1", 0);
      harness.processElement("m-2", 0);
      harness.processElement("m-1", 0);
      harness.processElement("m-2", 0);
      harness.processElement("m-3", 0);

      assertThat(harness.extractOutputValues()).containsExactly("m-1", "m-2", "m-3");
    }
  }

  @Test
  void keepsApartIdsThatShareTheKeyHalfOfTheirDigest() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<Long, String, String> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DropRepeats<>(Types.STRING, ITSELF, Duration.ofDays(1)), id -> 0L, Types.LONG)) {
      for (String id : new String[] {"a", "b", "a", "c", "b", "c", "d"}) {
        harness.processElement(id, 0);
      }

      assertThat(harness.extractOutputValues()).containsExactly("a", "b", "c", "d");
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }
  }

  @Test
  void forgetsAnIdOnceTheRetentionHasPassed() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<Long, String, String> harness = harness()) {
      harness.setProcessingTime(1_000);
      harness.processElement("m-1", 0);
      harness.setProcessingTime(1_000 + RETENTION.toMillis() - 1);
      harness.processElement("m-1", 0);
      harness.setProcessingTime(1_000 + RETENTION.toMillis());
      harness.processElement("m-1", 0);

      assertThat(harness.extractOutputValues()).containsExactly("m-1", "m-1");
    }
  }

  @Test
  void remembersItsIdsAcrossARestoreFromACheckpoint() throws Exception {
    OperatorSubtaskState checkpoint;
    try (KeyedOneInputStreamOperatorTestHarness<Long, String, String> harness = harness()) {
      for (int i = 0; i < 1_000; i++) {
        harness.processElement("m-" + i, 0);
      }
      checkpoint = harness.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<Long, String, String> restored =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DropRepeats<>(Types.STRING, ITSELF, RETENTION)),
            DropRepeats.digestKey(ITSELF, DropRepeats.HEAP_KEY_BITS),
            Types.LONG)) {
      restored.initializeState(checkpoint);
      restored.open();
      for (int i = 990; i < 1_010; i++) {
        restored.processElement("m-" + i, 0);
      }

      assertThat(restored.extractOutputValues()).hasSize(10).first().isEqualTo("m-1000");
    }
  }

  @Test
  void onlyIdsKeptOneEntryEachHaveATimeToLive() {
    assertThat(DropRepeats.seenDescriptor(RETENTION, false).getTtlConfig().isEnabled())
        .as("heap tables forget their own ids")
        .isFalse();
    assertThat(DropRepeats.seenDescriptor(RETENTION, true).getTtlConfig().isEnabled()).isTrue();
    assertThat(DropRepeats.seenDescriptor(RETENTION, true).getTtlConfig().getTimeToLive())
        .isEqualTo(RETENTION);
  }

  @Test
  void withRocksDbEachIdIsAnEntryOfItsOwnUnderTheFirstHalfOfItsDigest() throws Exception {
    assertThat(DropRepeats.digestKey(ITSELF, Long.SIZE).getKey("pos-42"))
        .isEqualTo(IdDigest.of("pos-42").high());
    try (KeyedOneInputStreamOperatorTestHarness<Long, String, String> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DropRepeats<>(Types.STRING, ITSELF, RETENTION, true)),
            DropRepeats.digestKey(ITSELF, Long.SIZE),
            Types.LONG)) {
      harness.setStateBackend(new EmbeddedRocksDBStateBackend());
      harness.open();
      for (String id : new String[] {"a", "b", "a", "c", "b", "c", "d"}) {
        harness.processElement(id, 0);
      }

      assertThat(harness.extractOutputValues()).containsExactly("a", "b", "c", "d");
      try (Stream<Long> keys =
          harness
              .getOperator()
              .<Long>getKeyedStateBackend()
              .getKeys(
                  DropRepeats.seenDescriptor(RETENTION, true).getName(), VoidNamespace.INSTANCE)) {
        assertThat(keys.count()).isEqualTo(4);
      }
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<Long, String, String> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new DropRepeats<>(Types.STRING, ITSELF, RETENTION),
        DropRepeats.digestKey(ITSELF, DropRepeats.HEAP_KEY_BITS),
        Types.LONG);
  }

  @Test
  void digestsDifferForManySimilarIdsAndStayTheSameAcrossRuns() {
    Set<Long> highs = new HashSet<>();
    Set<Long> lows = new HashSet<>();
    for (int i = 0; i < 1_000_000; i++) {
      IdDigest digest = IdDigest.of("pos-" + i);
      highs.add(digest.high());
      lows.add(digest.low());
    }
    assertThat(highs).hasSize(1_000_000);
    assertThat(lows).hasSize(1_000_000);
    // Remembered ids are keyed by the digest in checkpoints, so it must never change.
    assertThat(IdDigest.of("pos-42"))
        .isEqualTo(new IdDigest(1836666969171660757L, -1884351537137577247L));
  }
}
