package dev.o2o.contract;

import java.time.Instant;

/**
 * Merchandising set how many units of a sku a location keeps back from promising (display stock,
 * damage buffer): available to promise is on hand less reserved less this, never below zero. The
 * setting with the latest event time wins.
 */
public record SafetyStockSet(
    String eventId, Instant occurredAt, String locationId, String sku, int safetyStock)
    implements Event {
  public SafetyStockSet {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(locationId, "locationId");
    Require.id(sku, "sku");
    Require.between(safetyStock, "safetyStock", 0, 1_000_000);
  }
}
