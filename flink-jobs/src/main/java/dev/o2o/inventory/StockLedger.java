package dev.o2o.inventory;

import dev.o2o.config.SalesChannel;
import dev.o2o.config.StockLocation;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.Sourcing;
import dev.o2o.contract.StockAlert;
import dev.o2o.contract.StockLevel;
import dev.o2o.inventory.SkuStock.AtLocation;
import dev.o2o.sourcing.Sourcer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The stock ledger of one sku at every location (keyed by sku), so that an order line can be
 * sourced and held in one step, without a race between choosing a location and reserving there. It
 * applies each movement it receives (repeats are dropped before it, see {@link InventoryJob}),
 * emits the new {@link StockLevel} of the location at once after every change, decides
 * reservations, and raises stock alerts.
 *
 * <p>On hand is defined as the result of applying every movement of the location in event-time
 * order (ties broken by movement id), whatever order the movements arrive in: a count taken before
 * a till sale must not wipe the sale out because the count's message came later. The ledger keeps a
 * journal of each location's movements of the last moments; one that arrives earlier than those
 * already applied changes on hand by its quantity, unless a count later in the journal already
 * decides it (a count is absolute, so it resets on hand wherever it falls). Once the watermark has
 * passed a movement by {@code journalRetention}, nothing can arrive before it any more, and an
 * event-time timer drops it from the journal so that the journal stays short. A movement later than
 * that is placed before every movement still in the journal.
 *
 * <p>Reservations are decided in arrival order, from what is available when the request arrives: a
 * decision, once emitted, is final and is not revisited when an earlier movement arrives later. The
 * {@link Sourcer} chooses where an order's units of this sku are held, and the ledger remembers
 * each hold, so a release or consumption takes back exactly what was granted. When a store rejects
 * the order, what is held there is sourced again elsewhere; when a pick finds units missing, they
 * leave on hand there and are sourced again elsewhere. A consumption takes the held units off on
 * hand at its event time, and reports them as {@link #FULFILLED} for store credit. Till sales are
 * never refused, since the goods have already left; on hand may go negative until the next count,
 * and falling below zero raises a {@link StockAlert.Kind#BELOW_ZERO} alert for the location.
 *
 * <p>Safety stock is the setting with the latest event time; available to promise is on hand less
 * reserved less safety stock, never shown below zero. Available to promise falling to the
 * location's low-stock threshold raises {@link StockAlert.Kind#LOW_STOCK}, and rising above it
 * again {@link StockAlert.Kind#RESTOCKED}.
 */
public final class StockLedger extends KeyedProcessFunction<String, StockMovement, StockLevel> {
  public static final OutputTag<ReservationDecision> DECISIONS =
      new OutputTag<>("reservation-decisions", TypeInformation.of(ReservationDecision.class));

  public static final OutputTag<StockAlert> ALERTS =
      new OutputTag<>("stock-alerts", TypeInformation.of(StockAlert.class));

  public static final OutputTag<FulfilledLine> FULFILLED =
      new OutputTag<>("fulfilled-lines", TypeInformation.of(FulfilledLine.class));

  static final ValueStateDescriptor<SkuStock> STOCK =
      new ValueStateDescriptor<>("stock", SkuStockSerializer.INSTANCE);

  static final MapStateDescriptor<String, OrderHolds> HOLDS =
      new MapStateDescriptor<>("holds", String.class, OrderHolds.class);

  /**
   * One change of on hand: {@code absolute} sets it to {@code quantity} (a count), otherwise {@code
   * quantity} is added (negative for what left).
   */
  public record Entry(long at, String movementId, boolean absolute, long quantity) {
    static final Comparator<Entry> ORDER =
        (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : a.movementId.compareTo(b.movementId);
  }

  /** Units of an order held at a location, and how the location was chosen. */
  public record Hold(String locationId, int quantity, Sourcing sourcing, String transferTo) {}

  /** What an order holds of this sku, with the order's details as of its latest step. */
  public record OrderHolds(OrderLineRef order, List<Hold> holds) {}

  private final Sourcer sourcer;
  private final Duration journalRetention;
  private transient ValueState<SkuStock> stock;
  private transient MapState<String, OrderHolds> holds;

  /**
   * @param sourcer the stock locations and how order lines are sourced among them
   * @param journalRetention how long after the watermark passed a movement another movement may
   *     still arrive before it; at least the inputs' out-of-orderness bound
   */
  public StockLedger(Sourcer sourcer, Duration journalRetention) {
    this.sourcer = sourcer;
    this.journalRetention = journalRetention;
  }

  @Override
  public void open(OpenContext context) {
    stock = getRuntimeContext().getState(STOCK);
    holds = getRuntimeContext().getMapState(HOLDS);
  }

  @Override
  public void processElement(StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    SkuStock sku = stock.value();
    if (sku == null) {
      sku = new SkuStock();
    }
    switch (movement.kind()) {
      case SALE, TRANSFER_OUT -> onHand(sku, movement, false, -movement.quantity(), ctx, out);
      case RETURN, RECEIPT, TRANSFER_IN ->
          onHand(sku, movement, false, movement.quantity(), ctx, out);
      case COUNT -> onHand(sku, movement, true, movement.quantity(), ctx, out);
      case SAFETY -> safety(sku, movement, ctx, out);
      case RESERVE -> reserve(sku, movement, ctx, out);
      case RELEASE -> release(sku, movement, ctx, out);
      case CONSUME -> consume(sku, movement, ctx, out);
      case REJECT -> reject(sku, movement, ctx, out);
      case SHORT_PICK -> shortPick(sku, movement, ctx, out);
    }
    if (!sku.isEmpty()) {
      stock.update(sku);
    }
  }

  private void onHand(
      SkuStock sku,
      StockMovement movement,
      boolean absolute,
      long quantity,
      Context ctx,
      Collector<StockLevel> out) {
    String location = movement.locationId();
    AtLocation at = sku.at(location);
    Entry entry =
        new Entry(movement.occurredAt().toEpochMilli(), movement.movementId(), absolute, quantity);
    long onHand = record(sku, at, entry, ctx);
    change(movement.sku(), location, at, onHand, at.reserved, at.safety, movement, ctx, out);
  }

  /**
   * Adds the entry to the location's journal in event-time order, and brings the sku's fold timer
   * forward when the entry is its earliest; returns the new on hand.
   */
  private long record(SkuStock sku, AtLocation at, Entry entry, Context ctx) {
    int before = at.journal.size();
    long onHand = at.record(entry);
    if (at.journal.size() > before) {
      foldBy(sku, foldAt(entry.at()), ctx.timerService());
    }
    return onHand;
  }

  /**
   * Makes sure the sku's fold timer fires no later than {@code due}. A sku has one timer at a time,
   * at the fold time of its earliest entry, rather than one per second its entries fall in: timers
   * are kept in the checkpoint, and with a catalogue of real size writing them had been a third of
   * the ledger's snapshot.
   */
  private static void foldBy(SkuStock sku, long due, TimerService timers) {
    if (sku.foldTimer != SkuStock.NO_TIMER) {
      if (sku.foldTimer <= due) {
        return;
      }
      timers.deleteEventTimeTimer(sku.foldTimer);
    }
    timers.registerEventTimeTimer(due);
    sku.foldTimer = due;
  }

  /** When an entry can leave the journal, rounded up to a second to share timers. */
  private long foldAt(long at) {
    long due = at + journalRetention.toMillis();
    return Math.floorDiv(due, 1000) * 1000 + 1000;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<StockLevel> out)
      throws Exception {
    SkuStock sku = stock.value();
    if (sku == null) {
      return;
    }
    sku.fold(at -> foldAt(at) <= timestamp);
    // Another timer may fire first: one of a checkpoint written when each second had its own.
    if (sku.foldTimer == timestamp) {
      sku.foldTimer = SkuStock.NO_TIMER;
    }
    long earliest = sku.earliestEntry();
    if (earliest != SkuStock.NO_ENTRY) {
      foldBy(sku, foldAt(earliest), ctx.timerService());
    }
    stock.update(sku);
  }

  /** The setting with the latest event time (ties by movement id) wins, whatever the arrival. */
  private void safety(
      SkuStock sku, StockMovement movement, Context ctx, Collector<StockLevel> out) {
    String location = movement.locationId();
    Entry setting =
        new Entry(
            movement.occurredAt().toEpochMilli(), movement.movementId(), true, movement.quantity());
    AtLocation at = sku.at(location);
    if (at.safety != null && Entry.ORDER.compare(setting, at.safety) <= 0) {
      return;
    }
    change(movement.sku(), location, at, at.onHand, at.reserved, setting, movement, ctx, out);
  }

  /** Sources the order's units of this sku and holds them; each order asks once. */
  private void reserve(SkuStock sku, StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    String key = holdKey(movement);
    if (holds.contains(key)) {
      return;
    }
    List<Hold> granted = new ArrayList<>();
    source(sku, movement, movement.quantity(), granted, null, ctx, out);
    holds.put(key, new OrderHolds(movement.order(), granted));
  }

  /**
   * Sources {@code quantity} units for the order, adds what is granted to {@code granted}, and
   * reports each decision; a refusal's reason starts with {@code cause} when one is given.
   */
  private void source(
      SkuStock sku,
      StockMovement movement,
      int quantity,
      List<Hold> granted,
      String cause,
      Context ctx,
      Collector<StockLevel> out) {
    OrderLineRef order = movement.order();
    Sourcer.Plan plan =
        sourcer.source(
            new Sourcer.Request(
                order.fulfilment(),
                order.storeId(),
                order.shipTo(),
                movement.sku(),
                quantity,
                Set.copyOf(order.excluded())),
            sku::available);
    if (!plan.accepted()) {
      String reason = cause == null ? plan.refusal() : cause + "; " + plan.refusal();
      ctx.output(
          DECISIONS,
          new ReservationDecision(
              movement.movementId(),
              movement.occurredAt(),
              order.orderId(),
              movement.sku(),
              movement.kind() == StockMovement.Kind.RESERVE ? null : movement.locationId(),
              quantity,
              false,
              null,
              null,
              null,
              reason));
      return;
    }
    for (Sourcer.Allocation allocation : plan.allocations()) {
      AtLocation at = sku.at(allocation.locationId());
      change(
          movement.sku(),
          allocation.locationId(),
          at,
          at.onHand,
          at.reserved + allocation.quantity(),
          at.safety,
          movement,
          ctx,
          out);
      hold(
          granted,
          new Hold(
              allocation.locationId(),
              allocation.quantity(),
              allocation.sourcing(),
              allocation.transferTo()));
      ctx.output(
          DECISIONS,
          new ReservationDecision(
              movement.movementId() + "@" + allocation.locationId(),
              movement.occurredAt(),
              order.orderId(),
              movement.sku(),
              allocation.locationId(),
              allocation.quantity(),
              true,
              allocation.sourcing(),
              allocation.transferTo(),
              Math.round(allocation.distanceKm() * 10) / 10.0,
              null));
    }
  }

  /**
   * Adds a hold, joining one the order already has at that location (sourced there again after a
   * store refused), so that each location's units are consumed in one step.
   */
  private static void hold(List<Hold> holds, Hold added) {
    for (int i = 0; i < holds.size(); i++) {
      Hold held = holds.get(i);
      if (held.locationId().equals(added.locationId())) {
        holds.set(
            i,
            new Hold(
                held.locationId(),
                held.quantity() + added.quantity(),
                held.sourcing(),
                held.transferTo()));
        return;
      }
    }
    holds.add(added);
  }

  private void release(SkuStock sku, StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    String key = holdKey(movement);
    OrderHolds held = holds.get(key);
    if (held == null) {
      return;
    }
    for (Hold hold : held.holds()) {
      unreserve(sku, movement, hold.locationId(), hold.quantity(), ctx, out);
    }
    holds.remove(key);
  }

  /** The held units leave on hand at the step's event time and count as fulfilled. */
  private void consume(SkuStock sku, StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    String key = holdKey(movement);
    OrderHolds held = holds.get(key);
    if (held == null) {
      return;
    }
    for (Hold hold : held.holds()) {
      String location = hold.locationId();
      AtLocation at = sku.at(location);
      Entry taken =
          new Entry(
              movement.occurredAt().toEpochMilli(),
              movement.movementId() + "@" + location,
              false,
              -hold.quantity());
      long onHand = record(sku, at, taken, ctx);
      change(
          movement.sku(),
          location,
          at,
          onHand,
          at.reserved - hold.quantity(),
          at.safety,
          movement,
          ctx,
          out);
      ctx.output(FULFILLED, fulfilled(held.order(), movement, hold));
    }
    holds.remove(key);
  }

  /** What the rejecting store holds is released and sourced again without it. */
  private void reject(SkuStock sku, StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    String key = holdKey(movement);
    OrderHolds held = holds.get(key);
    if (held == null) {
      return;
    }
    String store = movement.locationId();
    List<Hold> kept = new ArrayList<>();
    int released = 0;
    for (Hold hold : held.holds()) {
      if (hold.locationId().equals(store)) {
        unreserve(sku, movement, store, hold.quantity(), ctx, out);
        released += hold.quantity();
      } else {
        kept.add(hold);
      }
    }
    if (released > 0) {
      source(
          sku,
          movement,
          released,
          kept,
          "rejected by store " + store + ": " + movement.reason(),
          ctx,
          out);
    }
    holds.put(key, new OrderHolds(movement.order(), kept));
  }

  /**
   * The missing units leave on hand at the store at the pick's event time; as many as the order
   * held there are released from its hold and sourced again without that store.
   */
  private void shortPick(
      SkuStock sku, StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    String key = holdKey(movement);
    OrderHolds held = holds.get(key);
    String store = movement.locationId();
    if (held == null || held.holds().stream().noneMatch(h -> h.locationId().equals(store))) {
      return;
    }
    AtLocation at = sku.at(store);
    Entry missing =
        new Entry(
            movement.occurredAt().toEpochMilli(),
            movement.movementId(),
            false,
            -movement.quantity());
    long onHand = record(sku, at, missing, ctx);
    int toRelease = movement.quantity();
    int released = 0;
    List<Hold> kept = new ArrayList<>();
    for (Hold hold : held.holds()) {
      int taken = hold.locationId().equals(store) ? Math.min(hold.quantity(), toRelease) : 0;
      toRelease -= taken;
      released += taken;
      if (hold.quantity() > taken) {
        kept.add(
            new Hold(
                hold.locationId(), hold.quantity() - taken, hold.sourcing(), hold.transferTo()));
      }
    }
    change(
        movement.sku(), store, at, onHand, at.reserved - released, at.safety, movement, ctx, out);
    if (released > 0) {
      source(sku, movement, released, kept, "short-picked at store " + store, ctx, out);
    }
    holds.put(key, new OrderHolds(movement.order(), kept));
  }

  private void unreserve(
      SkuStock sku,
      StockMovement movement,
      String location,
      int quantity,
      Context ctx,
      Collector<StockLevel> out) {
    AtLocation at = sku.at(location);
    change(
        movement.sku(),
        location,
        at,
        at.onHand,
        at.reserved - quantity,
        at.safety,
        movement,
        ctx,
        out);
  }

  /**
   * Changes the location's figures after a movement, emits its new level with what each channel may
   * sell recomputed (never shown below zero), and raises the alerts the change calls for.
   */
  private void change(
      String sku,
      String location,
      AtLocation at,
      long onHand,
      long reserved,
      Entry safety,
      StockMovement movement,
      Context ctx,
      Collector<StockLevel> out) {
    long onHandBefore = at.onHand;
    long availableBefore = at.available();
    at.onHand = onHand;
    at.reserved = reserved;
    at.safety = safety;
    at.version++;
    if (movement.occurredAt().isAfter(at.updatedAt)) {
      at.updatedAt = movement.occurredAt();
    }
    StockLocation config = sourcer.location(location).orElse(null);
    StockLevel next = level(sku, location, at, config);
    out.collect(next);
    alert(at, onHandBefore, availableBefore, next, config, movement, ctx);
  }

  private static StockLevel level(
      String sku, String location, AtLocation at, StockLocation config) {
    long available = at.available();
    return new StockLevel(
        sku,
        location,
        at.onHand,
        at.reserved,
        at.safetyStock(),
        available,
        serves(config, SalesChannel.SHIP) ? available : 0,
        serves(config, SalesChannel.COLLECT) ? available : 0,
        serves(config, SalesChannel.IN_STORE) ? Math.max(0, at.onHand - at.reserved) : 0,
        at.version,
        at.updatedAt);
  }

  private static boolean serves(StockLocation location, SalesChannel channel) {
    return location != null && location.serves(channel);
  }

  private static void alert(
      AtLocation at,
      long onHandBefore,
      long availableBefore,
      StockLevel after,
      StockLocation config,
      StockMovement movement,
      Context ctx) {
    long threshold = config == null ? 0 : config.lowStockThreshold();
    if (onHandBefore >= 0 && after.onHand() < 0) {
      ctx.output(ALERTS, stockAlert(StockAlert.Kind.BELOW_ZERO, after, threshold, movement));
    }
    if (!at.low && availableBefore > threshold && after.available() <= threshold) {
      at.low = true;
      ctx.output(ALERTS, stockAlert(StockAlert.Kind.LOW_STOCK, after, threshold, movement));
    } else if (at.low && after.available() > threshold) {
      at.low = false;
      ctx.output(ALERTS, stockAlert(StockAlert.Kind.RESTOCKED, after, threshold, movement));
    }
  }

  private static StockAlert stockAlert(
      StockAlert.Kind kind, StockLevel level, long threshold, StockMovement movement) {
    return new StockAlert(
        level.key() + "#" + level.version() + "#" + kind,
        movement.occurredAt(),
        kind,
        level.sku(),
        level.locationId(),
        level.onHand(),
        level.available(),
        threshold);
  }

  private static FulfilledLine fulfilled(OrderLineRef order, StockMovement step, Hold hold) {
    String collectStore = null;
    if (order.fulfilment() == Fulfilment.CLICK_AND_COLLECT) {
      collectStore = hold.transferTo() != null ? hold.transferTo() : hold.locationId();
    }
    return new FulfilledLine(
        order.orderId(),
        order.customerId(),
        order.placedAt(),
        step.occurredAt(),
        order.fulfilment(),
        hold.locationId(),
        collectStore,
        order.associateId(),
        order.associateStoreId(),
        step.sku(),
        hold.quantity(),
        order.unitPrice(),
        order.currency());
  }

  private static String holdKey(StockMovement movement) {
    return movement.order().orderId();
  }
}
