package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.Offer;
import dev.o2o.contract.Visit;
import dev.o2o.contract.Visit.ZoneDwell;
import dev.o2o.contract.VisitStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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
