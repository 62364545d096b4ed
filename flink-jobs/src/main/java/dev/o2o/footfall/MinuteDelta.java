package dev.o2o.footfall;

import dev.o2o.contract.DoorCount;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Offer;
import dev.o2o.contract.Redemption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One change to a store's minute, with the id of what caused it: the counter adds each id once, so
 * a repeated event or a replayed change is not counted twice. Ids are prefixed by their kind, since
 * door counts, offers, redemptions and visits draw ids from separate spaces.
 */
public record MinuteDelta(String id, FootfallMinute change) {

  public String key() {
    return change.key();
  }

  public static MinuteDelta of(DoorCount count) {
    return new MinuteDelta(
        "door:" + count.eventId(),
        FootfallMinute.door(
            count.storeId(), minuteOf(count.occurredAt()), count.entries(), count.exits()));
  }

  public static MinuteDelta of(Offer offer) {
    return new MinuteDelta(
        "offer:" + offer.offerId(),
        FootfallMinute.offerSent(offer.storeId(), minuteOf(offer.issuedAt())));
  }

  /** An accepted redemption; a refused code redeems nothing. */
  public static MinuteDelta of(Redemption redemption) {
    return new MinuteDelta(
        "redemption:" + redemption.redemptionId(),
        FootfallMinute.offerRedeemed(redemption.storeId(), minuteOf(redemption.occurredAt())));
  }

  public static Instant minuteOf(Instant time) {
    return time.truncatedTo(ChronoUnit.MINUTES);
  }
}
