package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.CustomerSegment;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.MemberProfile.PointsEntry;
import dev.o2o.contract.MemberProfile.Purchase;
import dev.o2o.contract.MemberProfile.StoreVisit;
import dev.o2o.contract.Offer;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clienteling view of a member through the real API: a Geode server in a child JVM holds the
 * profile, visit and offer as the engagement job writes them (contract JSON keyed by customer id).
 */
class CustomerProfileApiTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:15:42Z");
  private static final String STORE = "hamburg-jungfernstieg";

  @RegisterExtension static final StateStoreFixture STATE = StateStoreFixture.at(NOW);

  @Test
  void showsPreferencesPointsHistoryLastVisitAndLiveOffer() throws Exception {
    Offer offer = offer("c-7", NOW.plus(Duration.ofHours(1)));
    STATE.put(Regions.PROFILES, "c-7", profile("c-7", offer));
    STATE.put(
        Regions.VISITS,
        "c-7",
        new Visit("v-2", "c-7", STORE, NOW.minusSeconds(300), NOW, VisitStatus.OPEN, 3));
    STATE.put(Regions.OFFERS, "c-7", offer);

    JsonNode body = STATE.getJson("/api/customers/c-7", 200);

    assertThat(body.get("customerId").asText()).isEqualTo("c-7");
    assertThat(body.at("/preferences/tier").asText()).isEqualTo("gold");
    assertThat(body.at("/preferences/segment").asText()).isEqualTo("regular");
    assertThat(body.at("/preferences/offerConsent").asBoolean()).isTrue();
    assertThat(body.at("/points/balance").asLong()).isEqualTo(288);
    assertThat(body.at("/points/ledger/0/reference").asText()).isEqualTo("order:ord-1");
    assertThat(body.at("/points/ledger/1/channel").asText()).isEqualTo("store");
    assertThat(body.at("/history/spent").asText()).isEqualTo("288.90");
    assertThat(body.at("/history/purchases/0/channel").asText()).isEqualTo("online");
    assertThat(body.at("/history/purchases/1/storeId").asText()).isEqualTo(STORE);
    assertThat(body.at("/history/wishlist/0").asText()).isEqualTo("KNIT-MERINO-M");
    assertThat(body.at("/history/visits/0/visitId").asText()).isEqualTo("v-2");
    assertThat(body.at("/visit/status").asText()).isEqualTo("open");
    assertThat(body.at("/offer/code").asText()).isEqualTo(offer.code());
    assertThat(body.get("offerLive").asBoolean()).isTrue();
    assertThat(body.get("updatedAt").asText()).isEqualTo(NOW.toString());
  }

  @Test
  void anOfferPastItsExpiryIsNotLive() throws Exception {
    Offer expired = offer("c-8", NOW.minusSeconds(1));
    STATE.put(Regions.PROFILES, "c-8", profile("c-8", expired));

    JsonNode body = STATE.getJson("/api/customers/c-8", 200);

    assertThat(body.at("/offer/offerId").asText()).isEqualTo(expired.offerId());
    assertThat(body.get("offerLive").asBoolean()).isFalse();
    assertThat(body.get("visit").isNull()).isTrue();
  }

  @Test
  void anUnknownCustomerIsNotFoundWithAJsonError() throws Exception {
    assertThat(STATE.getJson("/api/customers/stranger", 404).get("error").asText())
        .isEqualTo("customer 'stranger' is not known: no profile, visit or offer");
  }

  private static MemberProfile profile(String customerId, Offer liveOffer) {
    return new MemberProfile(
        customerId,
        "gold",
        true,
        CustomerSegment.REGULAR,
        288,
        new BigDecimal("288.90"),
        List.of(
            new PointsEntry("order:ord-1", PurchaseChannel.ONLINE, 229, NOW.minusSeconds(600)),
            new PointsEntry("pos:e-1", PurchaseChannel.STORE, 59, NOW.minusSeconds(900))),
        List.of(
            new Purchase(
                "BLAZER-NAVY-50",
                PurchaseChannel.ONLINE,
                null,
                1,
                new BigDecimal("229.00"),
                "EUR",
                NOW.minusSeconds(600)),
            new Purchase(
                "SHIRT-OXF-WHT-M",
                PurchaseChannel.STORE,
                STORE,
                1,
                new BigDecimal("59.90"),
                "EUR",
                NOW.minusSeconds(900))),
        List.of("DRESS-WRAP-S"),
        List.of(),
        List.of("KNIT-MERINO-M"),
        List.of(new StoreVisit("v-2", STORE, NOW.minusSeconds(300))),
        liveOffer,
        NOW);
  }

  private static Offer offer(String customerId, Instant expiresAt) {
    return new Offer(
        "offer-" + customerId,
        customerId,
        STORE,
        "v-2",
        "BELT-LEATHER-90",
        null,
        Benefit.percentOff(0),
        "K7M2Q9XR",
        "goes with what you bought",
        expiresAt.minus(Duration.ofHours(2)),
        expiresAt);
  }
}
