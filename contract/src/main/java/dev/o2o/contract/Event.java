package dev.o2o.contract;

import java.time.Instant;

/**
 * An event that producers send into the engine: a store gateway over MQTT, or the POS, online shop
 * and merchandising systems over Kafka. Every event has an id, which is the dedupe key across
 * retries and redeliveries, and the time it happened, which the jobs use as event time.
 */
public sealed interface Event
    permits BeaconSighting,
        DoorCount,
        PosSale,
        PosReturn,
        OrderPlaced,
        OrderCancelled,
        OrderPickedUp,
        OrderShipped,
        OrderRejected,
        OrderShortPicked,
        StockReceived,
        StockCounted,
        StockTransferredOut,
        StockTransferredIn,
        SafetyStockSet,
        OnlineTouch,
        CustomerUpdated,
        CampaignDefined {

  String eventId();

  Instant occurredAt();

  default EventType type() {
    return EventType.of(this);
  }
}
