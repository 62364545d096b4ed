package dev.o2o.inventory;

import dev.o2o.contract.Event;
import dev.o2o.contract.OrderCancelled;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPickedUp;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.OrderRejected;
import dev.o2o.contract.OrderShipped;
import dev.o2o.contract.OrderShortPicked;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.SafetyStockSet;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockLevel;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StockTransferredIn;
import dev.o2o.contract.StockTransferredOut;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inventory's semantics written as a plain sequential program, to check the streaming job
 * against. Each event id counts once. On hand is what applying the stock-changing events one after
 * the other in event-time order gives, ties broken by movement id (the event id, followed by {@code
 * #sku@location} for an order's consumption); the safety stock is the setting with the latest event
 * time. An order's steps apply in the order the order's events arrived: only its first closing step
 * (cancelled, picked up, shipped) counts; a store's rejection drops what the order holds there; a
 * short pick at a store where the order holds the sku takes the missing units off on hand there and
 * off the order's hold; and an order still open when event time reaches its placement plus the
 * reservation TTL is released. Where units were held, and whether a request was granted, is decided
 * by the job in arrival order (sourcing, and sourcing again after a rejection or short pick) and is
 * final, so the model takes those decisions as given and derives everything else; it assumes every
 * event arrived before event time reached any expiry.
 */
final class InventoryReferenceModel {
  /** The expected inventory of one sku at one location. */
  record Level(long onHand, long reserved, long safetyStock) {
    long available() {
      return Math.max(0, onHand - reserved - safetyStock);
    }

    static Level of(StockLevel level) {
      return new Level(level.onHand(), level.reserved(), level.safetyStock());
    }
  }

  private record Change(Instant at, String id, String key, boolean absolute, long quantity) {
    static final Comparator<Change> ORDER =
        Comparator.comparing(Change::at).thenComparing(Change::id);
  }

  private record Order(Instant placedAt, List<OrderLine> lines) {
    boolean hasSku(String sku) {
      return lines.stream().anyMatch(line -> line.sku().equals(sku));
    }
  }

  private final Duration reservationTtl;

  InventoryReferenceModel(Duration reservationTtl) {
    this.reservationTtl = reservationTtl;
  }

  /**
   * Every sku@location the events touch, with its expected inventory once event time has reached
   * {@code eventTime}.
   */
  Map<String, Level> replay(
      List<Event> events, List<ReservationDecision> decisions, Instant eventTime) {
    Map<String, Event> once = new LinkedHashMap<>();
    events.forEach(event -> once.putIfAbsent(event.eventId(), event));

    Map<String, Map<String, Long>> held = new HashMap<>();
    for (ReservationDecision decision : decisions) {
      if (decision.accepted()) {
        held.computeIfAbsent(decision.orderId(), o -> new TreeMap<>())
            .merge(
                StockLevel.key(decision.sku(), decision.locationId()),
                (long) decision.quantity(),
                Long::sum);
      }
    }

    List<Change> changes = new ArrayList<>();
    Map<String, Change> safety = new TreeMap<>();
    Map<String, Order> placed = new HashMap<>();
    Map<String, Order> open = new LinkedHashMap<>();
    for (Event event : once.values()) {
      if (event instanceof PosSale sale) {
        changes.add(change(sale, sale.sku(), sale.storeId(), false, -sale.quantity()));
      } else if (event instanceof PosReturn returned) {
        changes.add(
            change(returned, returned.sku(), returned.storeId(), false, returned.quantity()));
      } else if (event instanceof StockReceived received) {
        changes.add(
            change(received, received.sku(), received.locationId(), false, received.quantity()));
      } else if (event instanceof StockCounted counted) {
        changes.add(change(counted, counted.sku(), counted.locationId(), true, counted.onHand()));
      } else if (event instanceof StockTransferredOut out) {
        changes.add(change(out, out.sku(), out.fromLocation(), false, -out.quantity()));
      } else if (event instanceof StockTransferredIn in) {
        changes.add(change(in, in.sku(), in.toLocation(), false, in.quantity()));
      } else if (event instanceof SafetyStockSet set) {
        Change setting = change(set, set.sku(), set.locationId(), true, set.safetyStock());
        safety.merge(setting.key(), setting, (a, b) -> Change.ORDER.compare(a, b) >= 0 ? a : b);
      } else if (event instanceof OrderPlaced order) {
        if (!placed.containsKey(order.orderId())) {
          Order routed = new Order(order.occurredAt(), order.lines());
          placed.put(order.orderId(), routed);
          open.put(order.orderId(), routed);
        }
      } else if (event instanceof OrderCancelled cancelled) {
        open.remove(cancelled.orderId());
      } else if (event instanceof OrderPickedUp pickedUp) {
        consume(pickedUp, pickedUp.orderId(), open, held, changes);
      } else if (event instanceof OrderShipped shipped) {
        consume(shipped, shipped.orderId(), open, held, changes);
      } else if (event instanceof OrderRejected rejected) {
        if (open.containsKey(rejected.orderId())) {
          held.getOrDefault(rejected.orderId(), new HashMap<>())
              .keySet()
              .removeIf(key -> key.endsWith("@" + rejected.storeId()));
        }
      } else if (event instanceof OrderShortPicked shortPicked) {
        String key = StockLevel.key(shortPicked.sku(), shortPicked.storeId());
        Map<String, Long> holds = held.getOrDefault(shortPicked.orderId(), new HashMap<>());
        if (open.containsKey(shortPicked.orderId()) && holds.getOrDefault(key, 0L) > 0) {
          changes.add(
              new Change(
                  shortPicked.occurredAt(),
                  shortPicked.eventId() + "#" + shortPicked.sku(),
                  key,
                  false,
                  -shortPicked.missingQuantity()));
          holds.computeIfPresent(
              key, (k, units) -> units - Math.min(units, shortPicked.missingQuantity()));
        }
      } else {
        throw new IllegalArgumentException("not an inventory event: " + event.type());
      }
    }
    decisions.forEach(decision -> requireRouted(decision, placed.get(decision.orderId())));
    open.values().removeIf(order -> !order.placedAt().plus(reservationTtl).isAfter(eventTime));

    changes.sort(Change.ORDER);
    Map<String, Long> onHand = new TreeMap<>();
    for (Change change : changes) {
      long before = onHand.getOrDefault(change.key(), 0L);
      onHand.put(change.key(), change.absolute() ? change.quantity() : before + change.quantity());
    }
    Map<String, Long> reserved = new TreeMap<>();
    open.keySet()
        .forEach(
            orderId ->
                held.getOrDefault(orderId, Map.of())
                    .forEach((key, units) -> reserved.merge(key, units, Long::sum)));

    Map<String, Level> levels = new TreeMap<>();
    onHand.keySet().forEach(key -> levels.put(key, null));
    safety.keySet().forEach(key -> levels.put(key, null));
    held.values().forEach(holds -> holds.keySet().forEach(key -> levels.put(key, null)));
    levels.replaceAll(
        (key, none) ->
            new Level(
                onHand.getOrDefault(key, 0L),
                reserved.getOrDefault(key, 0L),
                safety.containsKey(key) ? safety.get(key).quantity() : 0));
    return levels;
  }

  /** A decision must concern a line of a placed order, and a grant name where it is held. */
  private static void requireRouted(ReservationDecision decision, Order order) {
    if (order == null
        || (decision.accepted() && decision.locationId() == null)
        || !order.hasSku(decision.sku())) {
      throw new IllegalStateException("decision for no line of a placed order: " + decision);
    }
  }

  private static void consume(
      Event step,
      String orderId,
      Map<String, Order> open,
      Map<String, Map<String, Long>> held,
      List<Change> changes) {
    if (open.remove(orderId) == null) {
      return;
    }
    held.getOrDefault(orderId, Map.of())
        .forEach(
            (key, units) ->
                changes.add(
                    new Change(step.occurredAt(), step.eventId() + "#" + key, key, false, -units)));
  }

  private static Change change(
      Event event, String sku, String locationId, boolean absolute, long quantity) {
    return new Change(
        event.occurredAt(), event.eventId(), StockLevel.key(sku, locationId), absolute, quantity);
  }
}
