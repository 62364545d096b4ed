package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatestPerKeyTest {
  /** Values are {@code key=value}. */
  private static OneInputStreamOperatorTestHarness<String, String> harness() throws Exception {
    OneInputStreamOperatorTestHarness<String, String> harness =
        new OneInputStreamOperatorTestHarness<>(
            new LatestPerKey<String>(value -> value.substring(0, value.indexOf('='))));
    harness.open();
    return harness;
  }

  private static List<StreamRecord<? extends String>> records(
      OneInputStreamOperatorTestHarness<String, String> harness) {
    List<StreamRecord<? extends String>> records = harness.extractOutputStreamRecords();
    harness.getOutput().clear();
    return records;
  }

  @Test
  void sendsEachKeysNewestRecordJustBeforeTheCheckpointBarrier() throws Exception {
    try (var harness = harness()) {
      harness.processElement("a=1", 10);
      harness.processElement("b=1", 11);
      harness.processElement("a=2", 12);
      harness.processElement("c=1", 13);
      harness.processElement("a=3", 14);
      harness.processWatermark(new Watermark(20));

      assertThat(harness.extractOutputStreamRecords()).as("before the barrier").isEmpty();

      harness.prepareSnapshotPreBarrier(1);
      assertThat(records(harness))
          .as("in the order of each key's first change, with the newest record's time")
          .containsExactly(
              new StreamRecord<>("a=3", 14),
              new StreamRecord<>("b=1", 11),
              new StreamRecord<>("c=1", 13));

      harness.processElement("b=2", 21);
      harness.prepareSnapshotPreBarrier(2);
      assertThat(records(harness))
          .as("only what changed since the last checkpoint")
          .containsExactly(new StreamRecord<>("b=2", 21));

      harness.prepareSnapshotPreBarrier(3);
      assertThat(records(harness)).as("nothing changed").isEmpty();
    }
  }

  @Test
  void sendsWhatItHoldsWhenTheInputEnds() throws Exception {
    try (var harness = harness()) {
      harness.processElement("a=1", 10);
      harness.processElement("a=2", 11);

      harness.endInput();

      assertThat(records(harness)).containsExactly(new StreamRecord<>("a=2", 11));
    }
  }

  @Test
  void keepsItsOwnCopyOfARecordHolderTheUpstreamReuses() throws Exception {
    try (var harness = harness()) {
      StreamRecord<String> reused = new StreamRecord<>("a=1", 10);
      harness.processElement(reused);
      harness.processElement(reused.replace("b=1", 11));
      reused.replace("a=9", 99);

      harness.prepareSnapshotPreBarrier(1);

      assertThat(records(harness))
          .containsExactly(new StreamRecord<>("a=1", 10), new StreamRecord<>("b=1", 11));
    }
  }
}
