package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SeenIdsTest {
  private static final long NOW = 1_000;
  private static final long FORGET_AT = 2_000;

  private static SeenIds holding(int count) {
    SeenIds ids = new SeenIds();
    for (int i = 0; i < count; i++) {
      IdDigest digest = IdDigest.of("ps-" + i);
      ids.add(digest.high(), digest.low(), NOW, FORGET_AT + i);
    }
    return ids;
  }

  private static boolean add(SeenIds ids, String id, long now, long forgetAt) {
    IdDigest digest = IdDigest.of(id);
    return ids.add(digest.high(), digest.low(), now, forgetAt);
  }

  @Test
  void remembersEachIdOnceAsItGrows() {
    SeenIds ids = new SeenIds();
    for (int i = 0; i < 10_000; i++) {
      assertThat(add(ids, "ps-" + i, NOW, FORGET_AT)).isTrue();
      assertThat(add(ids, "ps-" + (i / 2), NOW, FORGET_AT)).as("ps-%d again", i / 2).isFalse();
    }
    assertThat(ids.size()).isEqualTo(10_000);
  }

  @Test
  void anIdSeenAgainAfterItWasForgottenPassesAndIsRememberedAgain() {
    SeenIds ids = new SeenIds();
    add(ids, "ps-1", NOW, FORGET_AT);

    assertThat(add(ids, "ps-1", FORGET_AT - 1, FORGET_AT + 500)).isFalse();
    assertThat(add(ids, "ps-1", FORGET_AT, FORGET_AT + 500)).isTrue();
    assertThat(add(ids, "ps-1", FORGET_AT + 499, FORGET_AT + 999)).isFalse();
    assertThat(ids.size()).isOne();
  }

  @Test
  void growingDropsTheForgottenIds() {
    SeenIds ids = new SeenIds();
    for (int i = 0; i < 1_000; i++) {
      add(ids, "old-" + i, NOW, FORGET_AT);
    }
    // Enough new ones to make the table grow at least once more.
    for (int i = 0; i < 4_000; i++) {
      add(ids, "new-" + i, FORGET_AT, FORGET_AT * 2);
    }

    assertThat(ids.size()).isEqualTo(4_000);
    for (int i = 0; i < 4_000; i++) {
      assertThat(add(ids, "new-" + i, FORGET_AT, FORGET_AT * 2)).isFalse();
    }
  }

  @Test
  void aCopyChangesApartFromItsOriginal() {
    SeenIds original = holding(100);
    SeenIds copy = SeenIdsSerializer.INSTANCE.copy(original);

    for (int i = 100; i < 200; i++) {
      add(copy, "ps-" + i, NOW, FORGET_AT);
    }

    assertThat(original).isEqualTo(holding(100));
    assertThat(add(original, "ps-150", NOW, FORGET_AT)).isTrue();
    assertThat(copy.size()).isEqualTo(200);
  }

  @Test
  void theSerializerReadsBackWhatItWroteAndCopiesItsBytesAsIs() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    SeenIdsSerializer.INSTANCE.serialize(holding(500), out);
    SeenIdsSerializer.INSTANCE.serialize(new SeenIds(), out);

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    SeenIds read = SeenIdsSerializer.INSTANCE.deserialize(in);
    assertThat(read).isEqualTo(holding(500));
    assertThat(add(read, "ps-42", NOW, FORGET_AT)).isFalse();
    assertThat(SeenIdsSerializer.INSTANCE.deserialize(in).size()).isZero();
    assertThat(in.available()).isZero();

    DataOutputSerializer copied = new DataOutputSerializer(64);
    SeenIdsSerializer.INSTANCE.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    SeenIdsSerializer.INSTANCE.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    DataOutputSerializer first = new DataOutputSerializer(64);
    SeenIdsSerializer.INSTANCE.serialize(read, first);
    assertThat(copied.length()).isEqualTo(2 * first.length());
  }

  @Test
  void itsSnapshotRestoresItAndAcceptsItsOwnFormat() throws Exception {
    SerializerSnapshots.assertRestoresItself(
        SeenIdsSerializer.INSTANCE, new SeenIdsSerializer.Snapshot());
  }
}
