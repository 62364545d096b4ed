package dev.o2o.contract;

import java.time.Instant;

/**
 * A customer's stay in a store, made from beacon sightings. It is emitted when it opens and when it
 * closes; the visit id is stable across both and across replays.
 */
public record Visit(
    String visitId,
    String customerId,
    String storeId,
    Instant enteredAt,
    Instant lastSeenAt,
    VisitStatus status,
    long sightings) {

  public long dwellSeconds() {
    return lastSeenAt.getEpochSecond() - enteredAt.getEpochSecond();
  }
}
