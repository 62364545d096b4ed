package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Offer;
import dev.o2o.contract.Visit;
import dev.o2o.contract.Visit.ZoneDwell;
import dev.o2o.contract.VisitStatus;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

class BlockSerializerTest {
  private static final Instant AT = Instant.parse("2026-11-24T09:15:30.123456789Z");

  /**
   * Over 64 KiB of UTF-8, beyond what {@code writeUTF} can take, with characters of every width.
   */
  private static final String LONG = "Grüße aus Köln, 東京 und 🛍️ ".repeat(3_000);

  @Test
  void stringsComeBackWhateverTheirCharactersAndLength() throws Exception {
    int bytes =
        BlockRoundTrip.assertReadsBack(
            Utf8StringSerializer.INSTANCE, "cust-1", "", null, "Zoë 🧥 東京", LONG);

    assertThat(LONG.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(65_535);
    assertThat(bytes).isGreaterThan(65_535);
  }

  @Test
  void aShortIdTakesOneByteMoreThanItsCharacters() throws Exception {
    assertThat(BlockRoundTrip.assertReadsBack(Utf8StringSerializer.INSTANCE, "t-0001"))
        .isEqualTo(7);
  }

  @Test
  void lengthsComeBackAcrossTheirByteBoundaries() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    int[] lengths = {-1, 0, 126, 127, 128, 16_382, 16_383, 16_384, Integer.MAX_VALUE - 1};
    for (int length : lengths) {
      BlockSerializer.writeLength(out, length);
    }

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (int length : lengths) {
      assertThat(BlockSerializer.readLength(in)).isEqualTo(length);
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void onACheckpointStreamEachStringAndBlockLeavesInOneCallAsInABuffer() throws Exception {
    List<String> strings =
        List.of("", "cust-1", "x".repeat(126), "x".repeat(127), "y".repeat(16_383), LONG);
    Visit visit =
        new Visit(
            "v-1",
            "c-1",
            "berlin-mitte",
            AT,
            AT,
            VisitStatus.ZONE_CHANGED,
            2,
            "entrance",
            List.of(new ZoneDwell("entrance", AT, 30)));
    CountingStream stream = new CountingStream();
    DataOutputViewStreamWrapper checkpoint = new DataOutputViewStreamWrapper(stream);
    DataOutputSerializer buffer = new DataOutputSerializer(64);
    for (String string : strings) {
      Utf8StringSerializer.INSTANCE.serialize(string, checkpoint);
      Utf8StringSerializer.INSTANCE.serialize(string, buffer);
    }
    VisitSerializer.INSTANCE.serialize(visit, checkpoint);
    VisitSerializer.INSTANCE.serialize(visit, buffer);
    checkpoint.flush();

    assertThat(stream.calls).isEqualTo(strings.size() + 1);
    assertThat(stream.toByteArray()).isEqualTo(buffer.getCopyOfBuffer());
    DataInputDeserializer in = new DataInputDeserializer(stream.toByteArray());
    for (String string : strings) {
      assertThat(Utf8StringSerializer.INSTANCE.deserialize(in)).isEqualTo(string);
    }
    assertThat(VisitSerializer.INSTANCE.deserialize(in)).isEqualTo(visit);
    assertThat(in.available()).isZero();
  }

  /** A stream that counts the calls that write to it, as a checkpoint stream pays for each. */
  private static final class CountingStream extends ByteArrayOutputStream {
    int calls;

    @Override
    public synchronized void write(int b) {
      calls++;
      super.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      calls++;
      super.write(bytes, offset, length);
    }
  }

  @Test
  void decimalsKeepTheirScaleAndSign() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    BigDecimal[] values = {
      new BigDecimal("79.90"),
      new BigDecimal("-0.001"),
      null,
      new BigDecimal("1E+3"),
      new BigDecimal("123456789012345678901234567890.123456789")
    };
    for (BigDecimal value : values) {
      BlockSerializer.writeDecimal(out, value);
    }

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (BigDecimal value : values) {
      BigDecimal read = BlockSerializer.readDecimal(in);
      assertThat(read).isEqualTo(value);
    }
  }

  @Test
  void visitsComeBackWithTheirZonesAndAbsentFields() throws Exception {
    Visit inZones =
        new Visit(
            "v-1",
            "cust-ü",
            "berlin-mitte",
            AT,
            AT.plusSeconds(90),
            VisitStatus.ZONE_CHANGED,
            7,
            "Damen 👗",
            List.of(new ZoneDwell("entrance", AT, 30), new ZoneDwell("Damen 👗", AT, 60)));
    Visit bare = new Visit("v-2", null, "hamburg", AT, null, null, 0);

    BlockRoundTrip.assertReadsBack(VisitSerializer.INSTANCE, inZones, bare, null);
  }

  @Test
  void offersComeBackWithEveryKindOfBenefit() throws Exception {
    BlockRoundTrip.assertReadsBack(
        OfferSerializer.INSTANCE,
        offer(Benefit.percentOff(15), "autumn-tailoring"),
        offer(Benefit.amountOff(new BigDecimal("5.50"), "EUR"), "knit-season"),
        offer(Benefit.bonusPoints(200), null),
        new Offer(
            null, null, null, null, null, null, Benefit.percentOff(0), null, null, null, null));
  }

  @Test
  void aValueCopiedForCopyOnWriteIsTheSameImmutableValue() {
    Offer offer = offer(Benefit.percentOff(15), "autumn-tailoring");

    assertThat(OfferSerializer.INSTANCE.isImmutableType()).isTrue();
    assertThat(OfferSerializer.INSTANCE.copy(offer)).isSameAs(offer);
  }

  @Test
  void theirSnapshotsRestoreThemAndAcceptTheirOwnFormat() throws Exception {
    SerializerSnapshots.assertRestoresItself(
        VisitSerializer.INSTANCE, new BlockSerializer.Snapshot<>());
    SerializerSnapshots.assertRestoresItself(
        OfferSerializer.INSTANCE, new BlockSerializer.Snapshot<>());
    SerializerSnapshots.assertRestoresItself(
        Utf8StringSerializer.INSTANCE, new Utf8StringSerializer.Snapshot());
  }

  @Test
  void aCheckpointWrittenByFlinksOwnSerializersIsRefusedRatherThanMisread() {
    TypeSerializerSnapshot<Visit> byFlink =
        TypeInformation.of(Visit.class)
            .createSerializer(new SerializerConfigImpl())
            .snapshotConfiguration();
    TypeSerializerSnapshot<String> stringsByFlink =
        StringSerializer.INSTANCE.snapshotConfiguration();

    assertThat(
            VisitSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(byFlink)
                .isIncompatible())
        .isTrue();
    assertThat(
            Utf8StringSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(stringsByFlink)
                .isIncompatible())
        .isTrue();
  }

  private static Offer offer(Benefit benefit, String campaignId) {
    return new Offer(
        "offer-v-1",
        "cust-1",
        "berlin-mitte",
        "v-1",
        "SHIRT-OXF-WHT-M",
        campaignId,
        benefit,
        "K7M2Q9XT",
        "in your cart online",
        AT,
        AT.plusSeconds(3_600));
  }
}
