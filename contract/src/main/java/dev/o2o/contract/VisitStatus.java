package dev.o2o.contract;

/**
 * Where a visit stands: it opened, the customer moved to another zone of the store while it is
 * open, or it closed. A consumer that cares only about arrivals and departures reads {@link #OPEN}
 * and {@link #CLOSED} and skips {@link #ZONE_CHANGED}.
 */
public enum VisitStatus {
  OPEN("open"),
  ZONE_CHANGED("zone-changed"),
  CLOSED("closed");

  private final String wireName;

  VisitStatus(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
