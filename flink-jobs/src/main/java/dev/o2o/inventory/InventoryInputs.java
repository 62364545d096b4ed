package dev.o2o.inventory;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Event;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.OrderRejected;
import dev.o2o.contract.OrderShortPicked;
import dev.o2o.contract.PosReturn;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.SafetyStockSet;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StockTransferredIn;
import dev.o2o.contract.StockTransferredOut;
import dev.o2o.contract.Visit;
import dev.o2o.jobs.InputMapping;
import dev.o2o.jobs.KnownIds;
import java.util.Optional;

/**
 * What the inventory job accepts from its topics: movements and orders of configured locations and
 * catalogue skus, since a sale at an unknown store would silently open a ledger nobody reads.
 */
public final class InventoryInputs {
  private InventoryInputs() {}

  /** Till sales and returns as movements of the store's stock. */
  public static InputMapping<Event, StockMovement> sales(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return event -> Optional.of(fromSales(event, known));
  }

  /** Deliveries, transfers, counts and safety stock at a store or the warehouse. */
  public static InputMapping<Event, StockMovement> stock(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return event -> Optional.of(fromStock(event, known));
  }

  /**
   * Order lifecycle steps; a placed order must name a known store and known skus, and a rejection
   * or short pick a known store (and sku).
   */
  public static InputMapping<Event, OrderEvent> orders(EngineConfig config) {
    KnownIds known = KnownIds.of(config);
    return event -> {
      if (event instanceof OrderPlaced placed) {
        if (placed.storeId() != null) {
          known.requireStore(placed.storeId());
        }
        placed.lines().forEach(line -> known.requireSku(line.sku()));
      } else if (event instanceof OrderRejected rejected) {
        known.requireStore(rejected.storeId());
      } else if (event instanceof OrderShortPicked shortPicked) {
        known.requireStore(shortPicked.storeId());
        known.requireSku(shortPicked.sku());
      }
      return Optional.of(OrderEvent.of(event));
    };
  }

  /** The engagement job's visits, to credit the stores that influenced online orders. */
  public static InputMapping<Visit, Visit> visits() {
    return Optional::of;
  }

  static StockMovement fromSales(Event event, KnownIds known) {
    if (event instanceof PosSale sale) {
      known.requireStore(sale.storeId());
      known.requireSku(sale.sku());
      return StockMovement.of(
          sale.eventId(),
          sale.occurredAt(),
          sale.sku(),
          sale.storeId(),
          StockMovement.Kind.SALE,
          sale.quantity());
    }
    PosReturn returned = (PosReturn) event;
    known.requireStore(returned.storeId());
    known.requireSku(returned.sku());
    return StockMovement.of(
        returned.eventId(),
        returned.occurredAt(),
        returned.sku(),
        returned.storeId(),
        StockMovement.Kind.RETURN,
        returned.quantity());
  }

  static StockMovement fromStock(Event event, KnownIds known) {
    if (event instanceof StockReceived received) {
      known.requireLocation(received.locationId());
      known.requireSku(received.sku());
      return StockMovement.of(
          received.eventId(),
          received.occurredAt(),
          received.sku(),
          received.locationId(),
          StockMovement.Kind.RECEIPT,
          received.quantity());
    }
    if (event instanceof StockTransferredOut out) {
      known.requireLocation(out.fromLocation());
      known.requireLocation(out.toLocation());
      known.requireSku(out.sku());
      return StockMovement.of(
          out.eventId(),
          out.occurredAt(),
          out.sku(),
          out.fromLocation(),
          StockMovement.Kind.TRANSFER_OUT,
          out.quantity());
    }
    if (event instanceof StockTransferredIn in) {
      known.requireLocation(in.fromLocation());
      known.requireLocation(in.toLocation());
      known.requireSku(in.sku());
      return StockMovement.of(
          in.eventId(),
          in.occurredAt(),
          in.sku(),
          in.toLocation(),
          StockMovement.Kind.TRANSFER_IN,
          in.quantity());
    }
    if (event instanceof SafetyStockSet safety) {
      known.requireLocation(safety.locationId());
      known.requireSku(safety.sku());
      return StockMovement.of(
          safety.eventId(),
          safety.occurredAt(),
          safety.sku(),
          safety.locationId(),
          StockMovement.Kind.SAFETY,
          safety.safetyStock());
    }
    StockCounted counted = (StockCounted) event;
    known.requireLocation(counted.locationId());
    known.requireSku(counted.sku());
    return StockMovement.of(
        counted.eventId(),
        counted.occurredAt(),
        counted.sku(),
        counted.locationId(),
        StockMovement.Kind.COUNT,
        counted.onHand());
  }
}
