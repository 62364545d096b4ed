package dev.o2o.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The wire name of each event, as it appears in the {@code type} field of the JSON. */
public enum EventType {
  BEACON_SIGHTING("beacon.sighting", BeaconSighting.class),
  DOOR_COUNT("door.count", DoorCount.class),
  POS_SALE("pos.sale", PosSale.class),
  POS_RETURN("pos.return", PosReturn.class),
  ORDER_PLACED("order.placed", OrderPlaced.class),
  ORDER_CANCELLED("order.cancelled", OrderCancelled.class),
  ORDER_PICKED_UP("order.picked-up", OrderPickedUp.class),
  ORDER_SHIPPED("order.shipped", OrderShipped.class),
  ORDER_REJECTED("order.rejected", OrderRejected.class),
  ORDER_SHORT_PICKED("order.short-picked", OrderShortPicked.class),
  STOCK_RECEIVED("stock.received", StockReceived.class),
  STOCK_COUNTED("stock.counted", StockCounted.class),
  STOCK_TRANSFERRED_OUT("stock.transferred-out", StockTransferredOut.class),
  STOCK_TRANSFERRED_IN("stock.transferred-in", StockTransferredIn.class),
  STOCK_SAFETY_SET("stock.safety-set", SafetyStockSet.class),
  ONLINE_TOUCH("online.touch", OnlineTouch.class),
  CUSTOMER_UPDATED("customer.updated", CustomerUpdated.class),
  CAMPAIGN_DEFINED("campaign.defined", CampaignDefined.class);

  private static final Map<String, EventType> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));
  private static final Map<Class<?>, EventType> BY_CLASS =
      Arrays.stream(values()).collect(Collectors.toMap(t -> t.recordClass, Function.identity()));

  private final String wireName;
  private final Class<? extends Event> recordClass;

  EventType(String wireName, Class<? extends Event> recordClass) {
    this.wireName = wireName;
    this.recordClass = recordClass;
  }

  public String wireName() {
    return wireName;
  }

  public Class<? extends Event> recordClass() {
    return recordClass;
  }

  public static Optional<EventType> fromWireName(String name) {
    return Optional.ofNullable(BY_WIRE_NAME.get(name));
  }

  static EventType of(Event event) {
    return BY_CLASS.get(event.getClass());
  }

  @Override
  public String toString() {
    return wireName;
  }
}
