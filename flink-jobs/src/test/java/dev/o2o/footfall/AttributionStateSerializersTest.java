package dev.o2o.footfall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.CampaignCredit;
import dev.o2o.contract.EarnedTouch;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Shares;
import dev.o2o.contract.TouchKind;
import dev.o2o.footfall.Attributor.VisitMemory;
import dev.o2o.footfall.VisitFootfall.SeenVisit;
import dev.o2o.jobs.BlockRoundTrip;
import dev.o2o.jobs.BlockSerializer;
import dev.o2o.jobs.SerializerSnapshots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionStateSerializersTest {
  private static final Instant AT = Instant.parse("2026-11-24T09:15:30.123456789Z");
  private static final String LONG_ID = "Kampagne-Größe-東京-🧣-".repeat(5_000);

  /** The longest id a touch may have. */
  private static final String LONGEST_ID = "x".repeat(128);

  private static final Shares SHARES = new Shares(1, 0, 1.0 / 3, 0.123456789012345);

  @Test
  void touchesComeBackWithAndWithoutCampaignOrSku() throws Exception {
    BlockRoundTrip.assertReadsBack(
        OnlineTouchSerializer.INSTANCE,
        new OnlineTouch("t-1", AT, "cust-1", TouchKind.CLICK, "knit-season", null),
        new OnlineTouch("t-2", AT, "cust-1", TouchKind.PRODUCT_VIEW, null, "SCARF-WOOL-RED"),
        new OnlineTouch(
            LONGEST_ID, AT, "cust-1", TouchKind.ADD_TO_WISHLIST, LONGEST_ID, LONGEST_ID));
  }

  @Test
  void rememberedVisitsComeBackBeforeAndAfterTheirCredit() throws Exception {
    VisitMemory waiting =
        new VisitMemory(
            "v-1", "cust-1", "berlin-mitte", AT, AT.plusSeconds(10), false, null, false);
    AttributedVisit credit =
        new AttributedVisit(
            "v-1",
            "cust-1",
            "berlin-mitte",
            AT,
            List.of(new EarnedTouch("t-1", "knit-season", TouchKind.CLICK, AT, SHARES)),
            List.of(new CampaignCredit("knit-season", SHARES)));

    BlockRoundTrip.assertReadsBack(
        VisitMemorySerializer.INSTANCE,
        waiting,
        waiting.withCredit(credit).asConverted(),
        new VisitMemory(LONG_ID, null, null, null, null, true, null, true));
  }

  @Test
  void purchasesComeBackWithTheirAmountsAndAbsentFields() throws Exception {
    BlockRoundTrip.assertReadsBack(
        PurchaseSerializer.INSTANCE,
        purchase(),
        new Purchase("s-2", null, PurchaseChannel.ONLINE, null, AT, null, null));
  }

  @Test
  void purchaseCreditsComeBackWithTheirShares() throws Exception {
    AttributedPurchase credited =
        purchase()
            .credited(
                "v-1",
                true,
                List.of(new EarnedTouch("t-1", "knit-season", TouchKind.IMPRESSION, AT, SHARES)),
                List.of(
                    new CampaignCredit("knit-season", SHARES), new CampaignCredit("ü", SHARES)));

    BlockRoundTrip.assertReadsBack(
        AttributedPurchaseSerializer.INSTANCE, credited, credited.withCredit(List.of(), List.of()));
  }

  @Test
  void footfallVisitsComeBackOpenAndClosed() throws Exception {
    SeenVisit open = new SeenVisit("v-1", "berlin-mitte", AT, false, null, false);

    BlockRoundTrip.assertReadsBack(
        SeenVisitSerializer.INSTANCE, open, open.asReturning().closing(AT.plusSeconds(600), true));
  }

  @Test
  void theirSnapshotsRestoreThem() throws Exception {
    for (BlockSerializer<?> serializer :
        List.of(
            OnlineTouchSerializer.INSTANCE,
            VisitMemorySerializer.INSTANCE,
            PurchaseSerializer.INSTANCE,
            AttributedPurchaseSerializer.INSTANCE,
            SeenVisitSerializer.INSTANCE)) {
      assertRestoresItself(serializer);
    }
  }

  private static <T> void assertRestoresItself(BlockSerializer<T> serializer) throws Exception {
    SerializerSnapshots.assertRestoresItself(serializer, new BlockSerializer.Snapshot<>());
    assertThat(serializer.isImmutableType()).isTrue();
  }

  private static Purchase purchase() {
    return new Purchase(
        "s-1", "cust-1", PurchaseChannel.STORE, "köln-hbf", AT, new BigDecimal("79.90"), "EUR");
  }
}
