package dev.o2o.gateway.testing;

import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Event;
import dev.o2o.contract.Json;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Store events as a store gateway would publish them, for the gateway's tests. */
public final class TestEvents {
  private TestEvents() {}

  public static PosSale sale(String eventId, String storeId, String sku, Instant at) {
    return new PosSale(
        eventId, at, storeId, "r-" + eventId, sku, 1, new BigDecimal("59.90"), "EUR", null, null);
  }

  public static PosReturn posReturn(String eventId, String storeId, String sku, Instant at) {
    return new PosReturn(
        eventId, at, storeId, "r-" + eventId, sku, 1, new BigDecimal("59.90"), "EUR", null);
  }

  public static BeaconSighting sighting(
      String eventId, String storeId, String beaconId, Instant at) {
    return new BeaconSighting(eventId, at, storeId, beaconId, "c-1001", -60);
  }

  public static DoorCount doorCount(String eventId, String storeId, Instant at) {
    return new DoorCount(eventId, at, storeId, "main-door", 3, 1);
  }

  public static String json(Event event) {
    return new String(Json.encodeEvent(event), StandardCharsets.UTF_8);
  }
}
