package dev.o2o.footfall;

import static dev.o2o.footfall.MinuteDelta.minuteOf;

import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.Utf8StringSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a member's visits and till purchases (keyed by customer id) into changes to the footfall
 * minutes of the visits' stores:
 *
 * <ul>
 *   <li>a visit begins in the minute it was entered, once, whichever of its open, zone-change or
 *       close records comes first; it is a returning visitor's if the member had begun another
 *       visit, to any store, within {@code returningWithin} before it, and a new visitor's
 *       otherwise. A visit that turns up late, before one already counted as new, makes that one
 *       returning;
 *   <li>a visit closes in the minute of its last sighting, once, in the bucket of its dwell, and is
 *       converted if a till sale to the member in that store fell within it. A sale that arrives
 *       after the visit closed converts it then, in its closing minute.
 * </ul>
 *
 * Visits are remembered for {@code returningWithin} (at least {@link #MIN_MEMORY}) after they
 * began, purchases for {@link #PURCHASE_MEMORY}; by event time, so a customer's state goes when the
 * last of them has.
 */
public final class VisitFootfall
    extends KeyedProcessFunction<String, CustomerActivity, MinuteDelta> {
  /** The least time a visit is remembered, so repeats of a long visit's records are known. */
  static final Duration MIN_MEMORY = Duration.ofDays(1);

  /** How long a till sale is kept to convert a visit whose records arrive after it. */
  static final Duration PURCHASE_MEMORY = Duration.ofDays(1);

  static final MapStateDescriptor<String, SeenVisit> VISITS =
      new MapStateDescriptor<>(
          "footfall-visits", Utf8StringSerializer.INSTANCE, SeenVisitSerializer.INSTANCE);

  static final MapStateDescriptor<String, Purchase> PURCHASES =
      new MapStateDescriptor<>(
          "footfall-purchases", Utf8StringSerializer.INSTANCE, PurchaseSerializer.INSTANCE);

  /** What is remembered of a visit: when it began, as whose, and how it ended (null while open). */
  public record SeenVisit(
      String visitId,
      String storeId,
      Instant enteredAt,
      boolean returning,
      Instant closedAt,
      boolean converted) {

    SeenVisit asReturning() {
      return new SeenVisit(visitId, storeId, enteredAt, true, closedAt, converted);
    }

    SeenVisit closing(Instant lastSeenAt, boolean converts) {
      return new SeenVisit(visitId, storeId, enteredAt, returning, lastSeenAt, converts);
    }

    SeenVisit asConverted() {
      return new SeenVisit(visitId, storeId, enteredAt, returning, closedAt, true);
    }

    boolean isBefore(SeenVisit other) {
      return ORDER.compare(this, other) < 0;
    }

    /** Whether a till sale in this store at this time was made during the closed visit. */
    boolean holds(Purchase purchase, Instant until) {
      return purchase.storeId().equals(storeId)
          && !purchase.occurredAt().isBefore(enteredAt)
          && !purchase.occurredAt().isAfter(until);
    }
  }

  private static final Comparator<SeenVisit> ORDER =
      Comparator.comparing(SeenVisit::enteredAt).thenComparing(SeenVisit::visitId);

  private final Duration returningWithin;
  private final Duration memory;
  private transient MapState<String, SeenVisit> visits;
  private transient MapState<String, Purchase> purchases;

  public VisitFootfall(Duration returningWithin) {
    this.returningWithin = returningWithin;
    this.memory = returningWithin.compareTo(MIN_MEMORY) > 0 ? returningWithin : MIN_MEMORY;
  }

  @Override
  public void open(OpenContext context) {
    visits = getRuntimeContext().getMapState(VISITS);
    purchases = getRuntimeContext().getMapState(PURCHASES);
  }

  @Override
  public void processElement(CustomerActivity activity, Context ctx, Collector<MinuteDelta> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (activity.visit() != null) {
      see(activity.visit(), watermark, ctx, out);
    } else if (activity.purchase() != null) {
      buy(activity.purchase(), watermark, ctx, out);
    }
  }

  private void see(Visit visit, long watermark, Context ctx, Collector<MinuteDelta> out)
      throws Exception {
    SeenVisit known = visits.get(visit.visitId());
    if (known == null) {
      long forgetAt = visit.enteredAt().plus(memory).toEpochMilli();
      if (forgetAt <= watermark) {
        return;
      }
      known = begin(visit, out);
      ctx.timerService().registerEventTimeTimer(forgetAt);
    }
    if (visit.status() == VisitStatus.CLOSED && known.closedAt() == null) {
      Instant closedAt = visit.lastSeenAt();
      SeenVisit open = known;
      boolean converted =
          valuesOf(purchases).stream().anyMatch(purchase -> open.holds(purchase, closedAt));
      visits.put(visit.visitId(), known.closing(closedAt, converted));
      out.collect(
          new MinuteDelta(
              "visit:" + visit.visitId() + "#closed",
              FootfallMinute.visitClosed(
                  visit.storeId(),
                  minuteOf(closedAt),
                  Duration.ofSeconds(visit.dwellSeconds()),
                  converted)));
    }
  }

  private SeenVisit begin(Visit visit, Collector<MinuteDelta> out) throws Exception {
    Instant since = visit.enteredAt().minus(returningWithin);
    SeenVisit probe =
        new SeenVisit(visit.visitId(), visit.storeId(), visit.enteredAt(), false, null, false);
    List<SeenVisit> others = valuesOf(visits);
    boolean returning =
        others.stream()
            .anyMatch(other -> other.isBefore(probe) && !other.enteredAt().isBefore(since));
    SeenVisit seen =
        new SeenVisit(visit.visitId(), visit.storeId(), visit.enteredAt(), returning, null, false);
    visits.put(visit.visitId(), seen);
    out.collect(
        new MinuteDelta(
            "visit:" + visit.visitId() + "#begun",
            FootfallMinute.visitBegun(visit.storeId(), minuteOf(visit.enteredAt()), returning)));

    // Only the next visit can have been counted as new for want of this one: any later one has
    // that next visit within its lookback.
    Optional<SeenVisit> next = others.stream().filter(seen::isBefore).min(ORDER);
    if (next.isPresent()
        && !next.get().returning()
        && !next.get().enteredAt().minus(returningWithin).isAfter(seen.enteredAt())) {
      SeenVisit later = next.get();
      visits.put(later.visitId(), later.asReturning());
      out.collect(
          new MinuteDelta(
              "visit:" + later.visitId() + "#returned",
              FootfallMinute.visitorReturned(later.storeId(), minuteOf(later.enteredAt()))));
    }
    return seen;
  }

  private void buy(Purchase purchase, long watermark, Context ctx, Collector<MinuteDelta> out)
      throws Exception {
    long forgetAt = purchase.occurredAt().plus(PURCHASE_MEMORY).toEpochMilli();
    if (purchase.channel() != PurchaseChannel.STORE
        || forgetAt <= watermark
        || purchases.contains(purchase.eventId())) {
      return;
    }
    purchases.put(purchase.eventId(), purchase);
    ctx.timerService().registerEventTimeTimer(forgetAt);
    Optional<SeenVisit> converts =
        valuesOf(visits).stream()
            .filter(
                visit ->
                    visit.closedAt() != null
                        && !visit.converted()
                        && visit.holds(purchase, visit.closedAt()))
            .max(ORDER);
    if (converts.isPresent()) {
      SeenVisit visit = converts.get();
      visits.put(visit.visitId(), visit.asConverted());
      out.collect(
          new MinuteDelta(
              "visit:" + visit.visitId() + "#converted",
              FootfallMinute.visitConverted(visit.storeId(), minuteOf(visit.closedAt()))));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MinuteDelta> out)
      throws Exception {
    Instant now = Instant.ofEpochMilli(timestamp);
    Iterator<Map.Entry<String, SeenVisit>> visitEntries = visits.iterator();
    while (visitEntries.hasNext()) {
      if (!visitEntries.next().getValue().enteredAt().plus(memory).isAfter(now)) {
        visitEntries.remove();
      }
    }
    Iterator<Map.Entry<String, Purchase>> purchaseEntries = purchases.iterator();
    while (purchaseEntries.hasNext()) {
      if (!purchaseEntries.next().getValue().occurredAt().plus(PURCHASE_MEMORY).isAfter(now)) {
        purchaseEntries.remove();
      }
    }
    // An emptied map still holds an entry for the key until it is cleared.
    if (visits.isEmpty()) {
      visits.clear();
    }
    if (purchases.isEmpty()) {
      purchases.clear();
    }
  }

  private static <V> List<V> valuesOf(MapState<String, V> state) throws Exception {
    List<V> values = new ArrayList<>();
    state.values().forEach(values::add);
    return values;
  }
}
