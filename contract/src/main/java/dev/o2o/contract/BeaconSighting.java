package dev.o2o.contract;

import java.time.Instant;

/**
 * A store beacon saw a customer's phone. The phone app advertises the customer's member id; the
 * signal strength (RSSI, in dBm) tells how close the phone was.
 */
public record BeaconSighting(
    String eventId,
    Instant occurredAt,
    String storeId,
    String beaconId,
    String customerId,
    int rssi)
    implements Event {
  public BeaconSighting {
    Require.id(eventId, "eventId");
    Require.present(occurredAt, "occurredAt");
    Require.id(storeId, "storeId");
    Require.id(beaconId, "beaconId");
    Require.id(customerId, "customerId");
    Require.between(rssi, "rssi", -120, -1);
  }
}
