package dev.o2o.contract;

import java.time.Instant;

/** A door counter's tally of people who came in and went out since its previous report. */
public record DoorCount(
    String eventId, Instant occurredAt, String storeId, String doorId, int entries, int exits)
    implements Event {
  public DoorCount {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(storeId, "storeId");
    Require.id(doorId, "doorId");
    Require.between(entries, "entries", 0, 10_000);
    Require.between(exits, "exits", 0, 10_000);
  }
}
