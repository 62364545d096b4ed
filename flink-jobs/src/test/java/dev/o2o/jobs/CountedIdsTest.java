package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.BooleanSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class CountedIdsTest {
  private static final String NAME = "counted";

  /** Passes on each id the first time its key counts it. */
  private static final class CountOnce extends KeyedProcessFunction<String, String, String> {
    private final CountedIds counted;

    CountOnce(String stateBackend) {
      counted = new CountedIds(NAME, stateBackend);
    }

    @Override
    public void open(OpenContext context) {
      counted.open(getRuntimeContext());
    }

    @Override
    public void processElement(String id, Context ctx, Collector<String> out) throws Exception {
      if (counted.add(id)) {
        out.collect(id);
      }
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      String stateBackend) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, String, String> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new CountOnce(stateBackend)),
            id -> "minute-1",
            Types.STRING);
    if (stateBackend.equals("rocksdb")) {
      harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    }
    harness.open();
    for (String id : new String[] {"a", "b", "a", "c", "b"}) {
      harness.processElement(id, 0);
    }
    return harness;
  }

  @Test
  void withTheHeapBackendAKeysIdsAreOneTableOfDigests() throws Exception {
    try (var harness = harness("hashmap")) {
      assertThat(harness.extractOutputValues()).containsExactly("a", "b", "c");
      SeenIds table =
          state(harness, new ValueStateDescriptor<>(NAME, SeenIdsSerializer.INSTANCE)).value();
      assertThat(table.size()).isEqualTo(3);
    }
  }

  @Test
  void withRocksDbEachIdIsAnEntryOfItsOwn() throws Exception {
    try (var harness = harness("rocksdb")) {
      assertThat(harness.extractOutputValues()).containsExactly("a", "b", "c");
      Iterable<String> ids =
          state(
                  harness,
                  new MapStateDescriptor<>(
                      NAME, Utf8StringSerializer.INSTANCE, BooleanSerializer.INSTANCE))
              .keys();
      assertThat(ids).containsExactlyInAnyOrder("a", "b", "c");
    }
  }

  /** The state of the harness's current key under {@code descriptor}. */
  private static <S extends State> S state(
      KeyedOneInputStreamOperatorTestHarness<String, String, String> harness,
      StateDescriptor<S, ?> descriptor)
      throws Exception {
    return harness
        .getOperator()
        .getKeyedStateBackend()
        .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
  }
}
