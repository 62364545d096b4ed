package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DropRepeatsTest {
  @Test
  void passesTheFirstOfEachIdAndDropsItsRepeats() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, String, String> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DropRepeats<>(String.class, Duration.ofDays(1)),
            id -> id,
            org.apache.flink.api.common.typeinfo.Types.STRING)) {
      harness.processElement("m-1", 0);
      harness.processElement("m-2", 0);
      harness.processElement("m-1", 0);
      harness.processElement("m-2", 0);
      harness.processElement("m-3", 0);

      assertThat(harness.extractOutputValues()).containsExactly("m-1", "m-2", "m-3");
    }
  }
}
