package dev.o2o.inventory;

import dev.o2o.contract.ReservationDecision;
import dev.o2o.contract.StockLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The stock ledger of one sku at one location (keyed {@code sku@location}). It applies each
 * movement it receives (repeats are dropped before it, see {@link InventoryJob}), emits the new
 * {@link StockLevel} at once after every change, and decides reservations.
 *
 * <p>On hand is defined as the result of applying every movement in event-time order (ties broken
 * by movement id), whatever order the movements arrive in: a count taken before a till sale must
 * not wipe the sale out because the count's message came later. The ledger keeps a journal of the
 * movements of the last moments and, when one arrives earlier than those already applied, replays
 * the journal from its base; a count is absolute, so it resets on hand wherever it falls. Once the
 * watermark has passed a movement by {@code journalRetention}, nothing can arrive before it any
 * more, and it is folded into the base by an event-time timer so that the journal stays short. A
 * movement later than that is placed before every movement still in the journal.
 *
 * <p>Reservations are decided in arrival order, from what is available when the request arrives: a
 * decision, once emitted, is final and is not revisited when an earlier movement arrives later.
 * Till sales are never refused, since the goods have already left; on hand may go negative until
 * the next count. What each order holds is kept here, so a release or consumption takes back
 * exactly what was granted; a consumption takes the held units off on hand at its event time, and a
 * short pick takes the missing units off on hand and off the order's hold.
 *
 * <p>Safety stock is the setting with the latest event time; available to promise is on hand less
 * reserved less safety stock, never shown below zero.
 */
public final class StockLedger extends KeyedProcessFunction<String, StockMovement, StockLevel> {
  public static final OutputTag<ReservationDecision> DECISIONS =
      new OutputTag<>("reservation-decisions", TypeInformation.of(ReservationDecision.class));

  static final ValueStateDescriptor<StockLevel> LEVEL =
      new ValueStateDescriptor<>("level", StockLevel.class);

  static final MapStateDescriptor<String, Long> HELD_BY_ORDER =
      new MapStateDescriptor<>("held-by-order", String.class, Long.class);

  static final ValueStateDescriptor<Journal> JOURNAL =
      new ValueStateDescriptor<>("journal", Journal.class);

  static final ValueStateDescriptor<Entry> SAFETY_SETTING =
      new ValueStateDescriptor<>("safety-setting", Entry.class);

  /**
   * One change of on hand: {@code absolute} sets it to {@code quantity} (a count), otherwise {@code
   * quantity} is added (negative for what left).
   */
  public record Entry(long at, String movementId, boolean absolute, long quantity) {
    static final Comparator<Entry> ORDER =
        Comparator.comparingLong(Entry::at).thenComparing(Entry::movementId);

    long applyTo(long onHand) {
      return absolute ? quantity : onHand + quantity;
    }
  }

  /** On hand before the oldest retained entry, and the retained entries in event-time order. */
  public record Journal(long baseOnHand, List<Entry> entries) {}

  private final Duration journalRetention;
  private transient ValueState<StockLevel> level;
  private transient MapState<String, Long> heldByOrder;
  private transient ValueState<Journal> journal;
  private transient ValueState<Entry> safetySetting;

  /**
   * @param journalRetention how long after the watermark passed a movement another movement may
   *     still arrive before it; at least the inputs' out-of-orderness bound
   */
  public StockLedger(Duration journalRetention) {
    this.journalRetention = journalRetention;
  }

  @Override
  public void open(OpenContext context) {
    level = getRuntimeContext().getState(LEVEL);
    heldByOrder = getRuntimeContext().getMapState(HELD_BY_ORDER);
    journal = getRuntimeContext().getState(JOURNAL);
    safetySetting = getRuntimeContext().getState(SAFETY_SETTING);
  }

  @Override
  public void processElement(StockMovement movement, Context ctx, Collector<StockLevel> out)
      throws Exception {
    StockLevel current = level.value();
    if (current == null) {
      current =
          new StockLevel(
              movement.sku(), movement.locationId(), 0, 0, 0, 0, 0, 0, 0, 0, movement.occurredAt());
    }
    StockLevel next =
        switch (movement.kind()) {
          case SALE, TRANSFER_OUT -> onHand(current, movement, false, -movement.quantity(), ctx);
          case RETURN, RECEIPT, TRANSFER_IN ->
              onHand(current, movement, false, movement.quantity(), ctx);
          case COUNT -> onHand(current, movement, true, movement.quantity(), ctx);
          case SAFETY -> safety(current, movement);
          case RESERVE -> reserve(current, movement, ctx);
          case RELEASE -> takeBack(current, movement, false, ctx);
          case CONSUME -> takeBack(current, movement, true, ctx);
          case SHORT_PICK -> shortPick(current, movement, ctx);
        };
    if (next != null) {
      level.update(next);
      out.collect(next);
    }
  }

  private StockLevel onHand(
      StockLevel current, StockMovement movement, boolean absolute, long quantity, Context ctx)
      throws Exception {
    Entry entry =
        new Entry(movement.occurredAt().toEpochMilli(), movement.movementId(), absolute, quantity);
    return change(current, record(current, entry, ctx), current.reserved(), movement);
  }

  /** Adds the entry to the journal in event-time order and returns the resulting on hand. */
  private long record(StockLevel current, Entry entry, Context ctx) throws Exception {
    Journal retained = journal.value();
    long base = retained == null ? current.onHand() : retained.baseOnHand();
    List<Entry> entries =
        retained == null ? new ArrayList<>() : new ArrayList<>(retained.entries());
    int found = Collections.binarySearch(entries, entry, Entry.ORDER);
    if (found >= 0) {
      return current.onHand();
    }
    int position = -found - 1;
    entries.add(position, entry);
    long onHand;
    if (position == entries.size() - 1) {
      onHand = entry.applyTo(current.onHand());
    } else {
      onHand = base;
      for (Entry applied : entries) {
        onHand = applied.applyTo(onHand);
      }
    }
    journal.update(new Journal(base, entries));
    ctx.timerService().registerEventTimeTimer(foldAt(entry.at()));
    return onHand;
  }

  /** When an entry can be folded into the base, rounded up to a second to share timers. */
  private long foldAt(long at) {
    long due = at + journalRetention.toMillis();
    return Math.floorDiv(due, 1000) * 1000 + 1000;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<StockLevel> out)
      throws Exception {
    Journal retained = journal.value();
    if (retained == null) {
      return;
    }
    long base = retained.baseOnHand();
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : retained.entries()) {
      if (kept.isEmpty() && foldAt(entry.at()) <= timestamp) {
        base = entry.applyTo(base);
      } else {
        kept.add(entry);
      }
    }
    if (kept.isEmpty()) {
      journal.clear();
    } else {
      journal.update(new Journal(base, kept));
    }
  }

  /** The setting with the latest event time (ties by movement id) wins, whatever the arrival. */
  private StockLevel safety(StockLevel current, StockMovement movement) throws Exception {
    Entry setting =
        new Entry(
            movement.occurredAt().toEpochMilli(), movement.movementId(), true, movement.quantity());
    Entry latest = safetySetting.value();
    if (latest != null && Entry.ORDER.compare(setting, latest) <= 0) {
      return null;
    }
    safetySetting.update(setting);
    StockLevel withSafety =
        new StockLevel(
            current.sku(),
            current.locationId(),
            current.onHand(),
            current.reserved(),
            setting.quantity(),
            current.available(),
            current.availableToShip(),
            current.availableToCollect(),
            current.availableInStore(),
            current.version(),
            current.updatedAt());
    return change(withSafety, current.onHand(), current.reserved(), movement);
  }

  /** The missing units leave on hand at the pick's event time, and the order's hold shrinks. */
  private StockLevel shortPick(StockLevel current, StockMovement movement, Context ctx)
      throws Exception {
    Long held = heldByOrder.get(movement.orderId());
    long released = held == null ? 0 : Math.min(held, movement.quantity());
    if (held != null && held > released) {
      heldByOrder.put(movement.orderId(), held - released);
    } else {
      heldByOrder.remove(movement.orderId());
    }
    Entry missing =
        new Entry(
            movement.occurredAt().toEpochMilli(),
            movement.movementId(),
            false,
            -movement.quantity());
    return change(current, record(current, missing, ctx), current.reserved() - released, movement);
  }

  private StockLevel reserve(StockLevel current, StockMovement movement, Context ctx)
      throws Exception {
    int requested = movement.quantity();
    if (requested > current.available()) {
      ctx.output(
          DECISIONS,
          decision(
              movement,
              false,
              "insufficient stock at "
                  + movement.locationId()
                  + ": available "
                  + current.available()
                  + ", requested "
                  + requested));
      return null;
    }
    Long held = heldByOrder.get(movement.orderId());
    heldByOrder.put(movement.orderId(), (held == null ? 0 : held) + requested);
    ctx.output(DECISIONS, decision(movement, true, null));
    return change(current, current.onHand(), current.reserved() + requested, movement);
  }

  private StockLevel takeBack(
      StockLevel current, StockMovement movement, boolean consumed, Context ctx) throws Exception {
    Long held = heldByOrder.get(movement.orderId());
    if (held == null) {
      return null;
    }
    heldByOrder.remove(movement.orderId());
    long onHand =
        consumed
            ? record(
                current,
                new Entry(
                    movement.occurredAt().toEpochMilli(), movement.movementId(), false, -held),
                ctx)
            : current.onHand();
    return change(current, onHand, current.reserved() - held, movement);
  }

  /** The level after a movement, with available recomputed: never shown below zero. */
  private static StockLevel change(
      StockLevel current, long onHand, long reserved, StockMovement movement) {
    long available = Math.max(0, onHand - reserved - current.safetyStock());
    Instant updatedAt =
        movement.occurredAt().isAfter(current.updatedAt())
            ? movement.occurredAt()
            : current.updatedAt();
    return new StockLevel(
        current.sku(),
        current.locationId(),
        onHand,
        reserved,
        current.safetyStock(),
        available,
        available,
        available,
        Math.max(0, onHand - reserved),
        current.version() + 1,
        updatedAt);
  }

  private static ReservationDecision decision(
      StockMovement movement, boolean accepted, String reason) {
    return new ReservationDecision(
        movement.movementId(),
        movement.occurredAt(),
        movement.orderId(),
        movement.sku(),
        movement.locationId(),
        movement.quantity(),
        accepted,
        null,
        null,
        null,
        reason);
  }
}
