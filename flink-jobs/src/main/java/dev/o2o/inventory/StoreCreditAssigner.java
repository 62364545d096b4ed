package dev.o2o.inventory;

import dev.o2o.config.InventorySettings;
import dev.o2o.contract.StoreCredit;
import dev.o2o.contract.StoreCredit.Role;
import dev.o2o.contract.Visit;
import dev.o2o.jobs.Utf8StringSerializer;
import dev.o2o.jobs.VisitSerializer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which stores an online sale credits (keyed by customer id), from the customer's fulfilled
 * order lines and their store visits. The pickup store, a store that shipped or sent the units, and
 * an assisted order's associate are credited as soon as the line is fulfilled. The influencing
 * store, the store the customer most recently entered within the influence window before ordering,
 * is decided once the watermark has passed the line's fulfilment, so a visit that arrives late but
 * within the watermark bound still counts.
 *
 * <p>Visits are remembered for the influence window plus the reservation time to live, the longest
 * an order is expected to wait for fulfilment; each is dropped by an event-time timer. A fulfilled
 * line is credited once: a repeat of it within {@link #REPEAT_RETENTION} is ignored. Only
 * configured stores are credited.
 */
public final class StoreCreditAssigner
    extends KeyedCoProcessFunction<String, FulfilledLine, Visit, StoreCredit> {
  /** How long a credited line is remembered, so that a repeat of it is not credited again. */
  static final Duration REPEAT_RETENTION = Duration.ofDays(1);

  /** The customer's visits by visit id, so a visit's open and close count as one. */
  static final MapStateDescriptor<String, Visit> VISITS =
      new MapStateDescriptor<>(
          "visits-by-id", Utf8StringSerializer.INSTANCE, VisitSerializer.INSTANCE);

  /** Fulfilled lines by line id, waiting for the watermark to decide their influencing store. */
  static final MapStateDescriptor<String, FulfilledLine> PENDING =
      new MapStateDescriptor<>("lines-awaiting-influence", String.class, FulfilledLine.class);

  /** Credited line ids, with the time in epoch millis at which each is forgotten. */
  static final MapStateDescriptor<String, Long> CREDITED =
      new MapStateDescriptor<>(
          "credited-lines", Utf8StringSerializer.INSTANCE, LongSerializer.INSTANCE);

  private final Duration influenceWindow;
  private final Duration visitRetention;
  private final Set<String> storeIds;
  private transient MapState<String, Visit> visits;
  private transient MapState<String, FulfilledLine> pending;
  private transient MapState<String, Long> credited;

  public StoreCreditAssigner(InventorySettings settings, Set<String> storeIds) {
    this.influenceWindow = settings.influenceWindow();
    this.visitRetention = settings.influenceWindow().plus(settings.reservationTtl());
    this.storeIds = Set.copyOf(storeIds);
  }

  @Override
  public void open(OpenContext context) {
    visits = getRuntimeContext().getMapState(VISITS);
    pending = getRuntimeContext().getMapState(PENDING);
    credited = getRuntimeContext().getMapState(CREDITED);
  }

  @Override
  public void processElement1(FulfilledLine line, Context ctx, Collector<StoreCredit> out)
      throws Exception {
    String lineId = lineId(line);
    if (pending.contains(lineId) || credited.contains(lineId)) {
      return;
    }
    if (line.collectStoreId() != null) {
      credit(line, line.collectStoreId(), Role.PICKUP, null, out);
    }
    if (storeIds.contains(line.locationId()) && !line.locationId().equals(line.collectStoreId())) {
      credit(line, line.locationId(), Role.FULFILMENT, null, out);
    }
    if (line.associateId() != null && line.associateStoreId() != null) {
      credit(line, line.associateStoreId(), Role.ASSOCIATE, line.associateId(), out);
    }
    long decideAt = line.fulfilledAt().toEpochMilli();
    if (decideAt <= ctx.timerService().currentWatermark()) {
      creditInfluence(line, ctx, out);
    } else {
      pending.put(lineId, line);
      ctx.timerService().registerEventTimeTimer(decideAt);
    }
  }

  @Override
  public void processElement2(Visit visit, Context ctx, Collector<StoreCredit> out)
      throws Exception {
    long forgetAt = visit.enteredAt().plus(visitRetention).toEpochMilli();
    if (forgetAt <= ctx.timerService().currentWatermark() || !storeIds.contains(visit.storeId())) {
      return;
    }
    visits.put(visit.visitId(), visit);
    ctx.timerService().registerEventTimeTimer(forgetAt);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<StoreCredit> out)
      throws Exception {
    Iterator<Map.Entry<String, FulfilledLine>> waiting = pending.iterator();
    while (waiting.hasNext()) {
      FulfilledLine line = waiting.next().getValue();
      if (line.fulfilledAt().toEpochMilli() <= timestamp) {
        waiting.remove();
        creditInfluence(line, ctx, out);
      }
    }
    Iterator<Map.Entry<String, Long>> remembered = credited.iterator();
    while (remembered.hasNext()) {
      if (remembered.next().getValue() <= timestamp) {
        remembered.remove();
      }
    }
    Iterator<Map.Entry<String, Visit>> known = visits.iterator();
    while (known.hasNext()) {
      if (known.next().getValue().enteredAt().plus(visitRetention).toEpochMilli() <= timestamp) {
        known.remove();
      }
    }
    clearIfEmpty(pending);
    clearIfEmpty(credited);
    clearIfEmpty(visits);
  }

  private void creditInfluence(FulfilledLine line, Context ctx, Collector<StoreCredit> out)
      throws Exception {
    influencingVisit(line.placedAt())
        .ifPresent(visit -> credit(line, visit.storeId(), Role.INFLUENCE, null, out));
    long forgetAt = line.fulfilledAt().plus(REPEAT_RETENTION).toEpochMilli();
    credited.put(lineId(line), forgetAt);
    ctx.timerService().registerEventTimeTimer(forgetAt);
  }

  /** The visit the customer most recently began within the influence window before ordering. */
  private Optional<Visit> influencingVisit(Instant placedAt) throws Exception {
    Instant windowStart = placedAt.minus(influenceWindow);
    return StreamSupport.stream(visits.values().spliterator(), false)
        .filter(visit -> !visit.enteredAt().isAfter(placedAt))
        .filter(visit -> !visit.enteredAt().isBefore(windowStart))
        .max(Comparator.comparing(Visit::enteredAt).thenComparing(Visit::storeId));
  }

  private void credit(
      FulfilledLine line,
      String storeId,
      Role role,
      String associateId,
      Collector<StoreCredit> out) {
    if (!storeIds.contains(storeId)) {
      return;
    }
    out.collect(
        new StoreCredit(
            lineId(line) + ":" + role,
            line.fulfilledAt(),
            line.orderId(),
            line.customerId(),
            storeId,
            role,
            associateId,
            line.sku(),
            line.quantity(),
            line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())),
            line.currency()));
  }

  /**
   * Names the units of an order line that left one location at one time, the same on every replay;
   * a credit's event id is the line id and its role.
   */
  static String lineId(FulfilledLine line) {
    return line.orderId()
        + ":"
        + line.sku()
        + ":"
        + line.locationId()
        + ":"
        + line.fulfilledAt().toEpochMilli();
  }

  private static <K, V> void clearIfEmpty(MapState<K, V> state) throws Exception {
    if (state.isEmpty()) {
      state.clear();
    }
  }
}
