package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.Benefit;
import dev.o2o.contract.MemberProfile.PointsEntry;
import dev.o2o.contract.MemberProfile.Purchase;
import dev.o2o.contract.MemberProfile.StoreVisit;
import dev.o2o.contract.Offer;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Visit;
import dev.o2o.contract.Visit.ZoneDwell;
import dev.o2o.contract.VisitStatus;
import dev.o2o.engagement.CustomerProfile.CampaignOffers;
import dev.o2o.engagement.OfferSelector.PendingOffer;
import dev.o2o.engagement.VisitDetector.Phase;
import dev.o2o.engagement.VisitDetector.Presence;
import dev.o2o.engagement.VisitDetector.Seen;
import dev.o2o.jobs.BlockRoundTrip;
import dev.o2o.jobs.BlockSerializer;
import dev.o2o.jobs.SerializerSnapshots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngagementStateSerializersTest {
  private static final Instant AT = Instant.parse("2026-11-24T09:15:30.123456789Z");
  private static final String LONG_SKU = "MANTEL-WOLLE-GRÖSSE-M-東京-🧥-".repeat(4_000);

  private static CustomerProfile known() {
    Offer offer =
        new Offer(
            "offer-v-1",
            "cust-1",
            "berlin-mitte",
            "v-1",
            "SHIRT-OXF-WHT-M",
            "autumn-tailoring",
            Benefit.amountOff(new BigDecimal("5.00"), "EUR"),
            "K7M2Q9XT",
            "goes with what you bought",
            AT,
            AT.plusSeconds(3_600));
    return new CustomerProfile(
        true,
        "gold",
        1_250,
        new BigDecimal("419.70"),
        List.of(new PointsEntry("pos:s-1", PurchaseChannel.STORE, 80, AT)),
        List.of(
            new Purchase(
                "SHIRT-OXF-WHT-M",
                PurchaseChannel.ONLINE,
                null,
                2,
                new BigDecimal("119.80"),
                "EUR",
                AT)),
        List.of("TIE-SILK-NVY", LONG_SKU),
        List.of("Schal-Größe-Ü"),
        List.of(),
        List.of(new StoreVisit("v-0", "hamburg-jungfernstieg", AT.minusSeconds(86_400))),
        offer,
        List.of(AT, AT.minusSeconds(7_200)),
        List.of(new CampaignOffers("autumn-tailoring", 2, AT)),
        AT);
  }

  @Test
  void profilesComeBackUnknownAndFull() throws Exception {
    CustomerProfile unknown = CustomerProfile.unknown();

    BlockRoundTrip.assertReadsBack(CustomerProfileSerializer.INSTANCE, unknown, known());
  }

  @Test
  void pendingOffersComeBackWithTheirVisitAndProfile() throws Exception {
    Visit arrival =
        new Visit(
            "v-1",
            "cust-1",
            "berlin-mitte",
            AT,
            AT,
            VisitStatus.OPEN,
            3,
            "entrance",
            List.of(new ZoneDwell("entrance", AT, 0)));

    BlockRoundTrip.assertReadsBack(
        PendingOfferSerializer.INSTANCE,
        new PendingOffer(arrival, known()),
        new PendingOffer(arrival, CustomerProfile.unknown()));
  }

  @Test
  void presencesComeBackInEveryPhase() throws Exception {
    Seen first = new Seen("b-1", AT, "entrance");
    Seen second = new Seen("b-2", AT.plusSeconds(20), "Herren 🧥");
    Presence entering = Presence.entering("berlin-mitte", first).remembering(second, 16);
    Presence open = entering.openedIfEnough(2, 60_000);

    assertThat(open.phase()).isEqualTo(Phase.OPEN);
    BlockRoundTrip.assertReadsBack(PresenceSerializer.INSTANCE, entering, open, open.closed());
  }

  @Test
  void theirSnapshotsRestoreThem() throws Exception {
    assertRestoresItself(CustomerProfileSerializer.INSTANCE);
    assertRestoresItself(PendingOfferSerializer.INSTANCE);
    assertRestoresItself(PresenceSerializer.INSTANCE);
  }

  private static <T> void assertRestoresItself(BlockSerializer<T> serializer) throws Exception {
    SerializerSnapshots.assertRestoresItself(serializer, new BlockSerializer.Snapshot<>());
  }
}
