package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DropRepeatsTest {
  private static final DropRepeats.IdOf<String> ITSELF = id -> id;

  @Test
  void passesTheFirstOfEachIdAndDropsItsRepeats() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<Long, String, String> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DropRepeats<>(Types.STRING, ITSELF, Duration.ofDays(1)),
            DropRepeats.digestKey(ITSELF),
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
