package dev.o2o.contract;

import java.time.Instant;
import java.util.List;

/**
 * A customer's stay in a store, made from beacon sightings. It is emitted when it opens, each time
 * the customer moves to another zone of the store while it is open, and when it closes; the visit
 * id is stable across all of them and across replays.
 *
 * <p>{@code zone} is where the customer was last seen; {@code zones} holds every zone of the stay
 * once, in the order the customer first reached it, with the time spent there. Time between two
 * sightings counts for the zone of the earlier one, so the zones' times add up to {@link
 * #dwellSeconds()}. A store has at most {@value #MAX_ZONES} zones, which bounds the list.
 */
public record Visit(
    String visitId,
    String customerId,
    String storeId,
    Instant enteredAt,
    Instant lastSeenAt,
    VisitStatus status,
    long sightings,
    String zone,
    List<ZoneDwell> zones) {
  /** The most zones a store may have, and so the longest {@link #zones()} can be. */
  public static final int MAX_ZONES = 32;

  public Visit {
    zones = zones == null ? List.of() : List.copyOf(zones);
  }

  /** A visit known only by its store, without where in the store the customer went. */
  public Visit(
      String visitId,
      String customerId,
      String storeId,
      Instant enteredAt,
      Instant lastSeenAt,
      VisitStatus status,
      long sightings) {
    this(visitId, customerId, storeId, enteredAt, lastSeenAt, status, sightings, null, List.of());
  }

  public long dwellSeconds() {
    return lastSeenAt.getEpochSecond() - enteredAt.getEpochSecond();
  }

  /** How long the customer spent in one zone during the visit, and when they first reached it. */
  public record ZoneDwell(String zone, Instant firstSeenAt, long dwellSeconds) {}
}
