package dev.o2o.footfall;

import dev.o2o.config.AttributionSettings;
import dev.o2o.contract.AttributedPurchase;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.OnlineTouch;
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
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.InstantSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Credits a customer's store visits and purchases to the online campaigns whose touches preceded
 * them (keyed by customer id), under every model of {@link TouchCredit} at once, with the touches
 * that earned each. Touches are kept, by event id so a repeat is kept once, while their window
 * lasts, at most {@link #MAX_TOUCHES} per customer (the oldest give way).
 *
 * <p>A visit or purchase is credited once the watermark reaches its time, so touches that arrive
 * late but within the allowed out-of-orderness still count; one that arrives behind the watermark
 * is credited at once. When the inputs fall quiet the watermark stops short of the newest events,
 * so a customer's waiting visits and purchases are also credited {@code patience} after they
 * arrived, in processing time: the dashboard moves within seconds even when nothing follows. Each
 * visit and each purchase is credited once: their ids are remembered for {@link #RETENTION}. A till
 * sale belongs to the customer's latest visit to that store that had opened by then and had not
 * closed before it; the first such sale converts the visit, which is then sent again to {@link
 * #CONVERSIONS}, with its credit.
 *
 * <p>A touch can still arrive after what it earned was credited: late from the online shop, or read
 * after the visits of the same time when the job catches up on a backlog and one topic's partitions
 * are read ahead of another's (the watermark cannot hold back every case of that). Such a touch
 * credits the visits and purchases it earned again: the earlier credit goes out to {@link
 * #WITHDRAWALS}, whose deltas undo it, and the new one follows as before, so the totals come out as
 * if the touch had been on time and a visit is still counted once.
 */
public final class Attributor
    extends KeyedProcessFunction<String, CustomerActivity, AttributedVisit> {
  /** How long visit and purchase ids are remembered, and a visit can take purchases. */
  static final Duration RETENTION = Duration.ofDays(1);

  /** The most touches kept per customer. */
  static final int MAX_TOUCHES = 200;

  static final MapStateDescriptor<String, OnlineTouch> TOUCHES =
      new MapStateDescriptor<>(
          "touches", Utf8StringSerializer.INSTANCE, OnlineTouchSerializer.INSTANCE);

  static final MapStateDescriptor<String, VisitMemory> VISITS =
      new MapStateDescriptor<>(
          "visits", Utf8StringSerializer.INSTANCE, VisitMemorySerializer.INSTANCE);

  static final MapStateDescriptor<String, Purchase> PENDING_PURCHASES =
      new MapStateDescriptor<>(
          "pending-purchases", Utf8StringSerializer.INSTANCE, PurchaseSerializer.INSTANCE);

  static final MapStateDescriptor<String, Instant> CREDITED_PURCHASES =
      new MapStateDescriptor<>(
          "credited-purchases", Utf8StringSerializer.INSTANCE, InstantSerializer.INSTANCE);

  /** The credit each purchase got (its campaigns' shares), while a late touch may change it. */
  static final MapStateDescriptor<String, AttributedPurchase> PURCHASE_CREDITS =
      new MapStateDescriptor<>(
          "purchase-credits", Utf8StringSerializer.INSTANCE, AttributedPurchaseSerializer.INSTANCE);

  /** The watermark when the customer's waiting began, or last seen moving while they waited. */
  static final ValueStateDescriptor<Long> WATERMARK_WHILE_WAITING =
      new ValueStateDescriptor<>("watermark-while-waiting", Long.class);

  /** Every credited purchase, attributed or not. */
  public static final OutputTag<AttributedPurchase> PURCHASES =
      new OutputTag<>("attributed-purchases", TypeInformation.of(AttributedPurchase.class));

  /** Each campaign touch the first time it is kept, so a repeated touch is counted once. */
  public static final OutputTag<OnlineTouch> NEW_TOUCHES =
      new OutputTag<>("new-touches", TypeInformation.of(OnlineTouch.class));

  /**
   * A visit again, with its credit, when its first purchase converts it, or when a late touch
   * changes the credit of a converted visit.
   */
  public static final OutputTag<AttributedVisit> CONVERSIONS =
      new OutputTag<>("converted-visits", TypeInformation.of(AttributedVisit.class));

  /** Credit given earlier and taken back because a late touch changed it. */
  public static final OutputTag<Withdrawal> WITHDRAWALS =
      new OutputTag<>("withdrawn-credits", TypeInformation.of(Withdrawal.class));

  /**
   * What is remembered of a visit: where and when, whether it has closed, and its credit once given
   * (null before), whether a purchase converted it.
   */
  public record VisitMemory(
      String visitId,
      String customerId,
      String storeId,
      Instant enteredAt,
      Instant lastSeenAt,
      boolean closed,
      AttributedVisit credited,
      boolean converted) {

    VisitMemory withClose(Visit closing) {
      return new VisitMemory(
          visitId, customerId, storeId, enteredAt, closing.lastSeenAt(), true, credited, converted);
    }

    VisitMemory withCredit(AttributedVisit credit) {
      return new VisitMemory(
          visitId, customerId, storeId, enteredAt, lastSeenAt, closed, credit, converted);
    }

    VisitMemory asConverted() {
      return new VisitMemory(
          visitId, customerId, storeId, enteredAt, lastSeenAt, closed, credited, true);
    }

    /** Whether a till sale in this store at this time was made during the visit. */
    boolean holds(Purchase purchase) {
      return purchase.channel() == PurchaseChannel.STORE
          && purchase.storeId().equals(storeId)
          && !purchase.occurredAt().isBefore(enteredAt)
          && (!closed || !purchase.occurredAt().isAfter(lastSeenAt));
    }
  }

  private final TouchCredit credit;
  private final long patienceMillis;
  private transient MapState<String, OnlineTouch> touches;
  private transient MapState<String, VisitMemory> visits;
  private transient MapState<String, Purchase> pendingPurchases;
  private transient MapState<String, Instant> creditedPurchases;
  private transient MapState<String, AttributedPurchase> purchaseCredits;
  private transient ValueState<Long> watermarkWhileWaiting;

  /**
   * @param patience how long a visit or purchase waits for the watermark, in processing time,
   *     before it is credited with the touches known by then; the allowed out-of-orderness
   */
  public Attributor(AttributionSettings settings, Duration patience) {
    this.credit = new TouchCredit(settings);
    this.patienceMillis = patience.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    touches = getRuntimeContext().getMapState(TOUCHES);
    visits = getRuntimeContext().getMapState(VISITS);
    pendingPurchases = getRuntimeContext().getMapState(PENDING_PURCHASES);
    creditedPurchases = getRuntimeContext().getMapState(CREDITED_PURCHASES);
    purchaseCredits = getRuntimeContext().getMapState(PURCHASE_CREDITS);
    watermarkWhileWaiting = getRuntimeContext().getState(WATERMARK_WHILE_WAITING);
  }

  @Override
  public void processElement(CustomerActivity activity, Context ctx, Collector<AttributedVisit> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (activity.touch() != null) {
      remember(activity.touch(), watermark, ctx, out);
    } else if (activity.visit() != null) {
      arrive(activity.visit(), watermark, ctx, out);
    } else {
      buy(activity.purchase(), watermark, ctx);
    }
  }

  private void remember(
      OnlineTouch touch, long watermark, Context ctx, Collector<AttributedVisit> out)
      throws Exception {
    long expiry = touch.occurredAt().plus(credit.window(touch)).toEpochMilli();
    if (touch.campaignId() == null || expiry <= watermark || touches.contains(touch.eventId())) {
      return;
    }
    touches.put(touch.eventId(), touch);
    ctx.output(NEW_TOUCHES, touch);
    ctx.timerService().registerEventTimeTimer(expiry);
    List<OnlineTouch> kept = new ArrayList<>();
    touches.values().forEach(kept::add);
    if (kept.size() > MAX_TOUCHES) {
      kept.sort(Comparator.comparing(OnlineTouch::occurredAt).thenComparing(OnlineTouch::eventId));
      for (OnlineTouch oldest : kept.subList(0, kept.size() - MAX_TOUCHES)) {
        touches.remove(oldest.eventId());
      }
    }
    creditAgain(touch, ctx, out);
  }

  /** Credits again what was credited before this touch, which earns it, had arrived. */
  private void creditAgain(OnlineTouch touch, Context ctx, Collector<AttributedVisit> out)
      throws Exception {
    for (VisitMemory visit : valuesOf(visits)) {
      if (visit.credited() != null && credit.earns(touch, visit.enteredAt())) {
        AttributedVisit before = visit.credited();
        AttributedVisit after = creditVisit(visit, out);
        ctx.output(WITHDRAWALS, Withdrawal.of(before, visit.converted()));
        if (visit.converted()) {
          ctx.output(CONVERSIONS, after);
        }
      }
    }
    for (AttributedPurchase before : valuesOf(purchaseCredits)) {
      if (credit.earns(touch, before.occurredAt())) {
        TouchCredit.Credit earned = credit.credit(valuesOf(touches), before.occurredAt());
        AttributedPurchase after = before.withCredit(earned.touches(), earned.campaigns());
        remember(after);
        ctx.output(WITHDRAWALS, Withdrawal.of(before));
        ctx.output(PURCHASES, after);
      }
    }
  }

  private void arrive(Visit visit, long watermark, Context ctx, Collector<AttributedVisit> out)
      throws Exception {
    VisitMemory known = visits.get(visit.visitId());
    if (known != null) {
      if (visit.status() == VisitStatus.CLOSED && !known.closed()) {
        visits.put(visit.visitId(), known.withClose(visit));
      }
      return;
    }
    long expiry = visit.enteredAt().plus(RETENTION).toEpochMilli();
    if (expiry <= watermark) {
      return;
    }
    VisitMemory memory =
        new VisitMemory(
            visit.visitId(),
            visit.customerId(),
            visit.storeId(),
            visit.enteredAt(),
            visit.lastSeenAt(),
            visit.status() == VisitStatus.CLOSED,
            null,
            false);
    visits.put(visit.visitId(), memory);
    ctx.timerService().registerEventTimeTimer(expiry);
    if (visit.enteredAt().toEpochMilli() <= watermark) {
      creditVisit(memory, out);
    } else {
      ctx.timerService().registerEventTimeTimer(visit.enteredAt().toEpochMilli());
      waitAtMostPatience(ctx);
    }
  }

  private void buy(Purchase purchase, long watermark, Context ctx) throws Exception {
    long expiry = purchase.occurredAt().plus(RETENTION).toEpochMilli();
    if (expiry <= watermark || creditedPurchases.contains(purchase.eventId())) {
      return;
    }
    creditedPurchases.put(purchase.eventId(), purchase.occurredAt());
    ctx.timerService().registerEventTimeTimer(expiry);
    if (purchase.occurredAt().toEpochMilli() <= watermark) {
      creditPurchase(purchase, ctx);
    } else {
      pendingPurchases.put(purchase.eventId(), purchase);
      ctx.timerService().registerEventTimeTimer(purchase.occurredAt().toEpochMilli());
      waitAtMostPatience(ctx);
    }
  }

  private void waitAtMostPatience(Context ctx) throws Exception {
    if (watermarkWhileWaiting.value() == null) {
      watermarkWhileWaiting.update(ctx.timerService().currentWatermark());
    }
    long now = ctx.timerService().currentProcessingTime();
    // Rounded up to whole seconds, so a burst of arrivals shares one timer.
    ctx.timerService().registerProcessingTimeTimer((now + patienceMillis) / 1000 * 1000 + 1000);
  }

  /**
   * By event time: credits what the watermark has reached and expires what has passed. By
   * processing time: credits whatever still waits if the watermark stood still for the patience,
   * since the inputs have fallen quiet; while it moves, the inputs are catching up (after a restart
   * or a burst), their touches may still be on the way, and the watermark will reach what waits.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AttributedVisit> out)
      throws Exception {
    boolean byEventTime = ctx.timeDomain() == TimeDomain.EVENT_TIME;
    Instant now = byEventTime ? Instant.ofEpochMilli(timestamp) : Instant.MAX;
    Instant since = Instant.MIN;
    if (!byEventTime && ctx.timerService().currentWatermark() == Long.MIN_VALUE) {
      // No watermark yet: just after the job started, partitions without records hold it back
      // until they are found idle. Live traffic is credited after the patience as usual; what
      // happened longer ago is a backlog being read, whose touches may still be on the way, and
      // waits for the watermark.
      since = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime() - 3 * patienceMillis);
    } else if (!byEventTime && watermarkMovedWhileWaiting(ctx)) {
      return;
    }
    Instant from = since;
    List<VisitMemory> dueVisits =
        valuesOf(visits).stream()
            .filter(
                visit ->
                    visit.credited() == null
                        && !visit.enteredAt().isAfter(now)
                        && !visit.enteredAt().isBefore(from))
            .sorted(Comparator.comparing(VisitMemory::enteredAt))
            .toList();
    for (VisitMemory visit : dueVisits) {
      creditVisit(visit, out);
    }
    List<Purchase> due =
        valuesOf(pendingPurchases).stream()
            .filter(
                purchase ->
                    !purchase.occurredAt().isAfter(now) && !purchase.occurredAt().isBefore(from))
            .sorted(Comparator.comparing(Purchase::occurredAt).thenComparing(Purchase::eventId))
            .toList();
    for (Purchase purchase : due) {
      pendingPurchases.remove(purchase.eventId());
      creditPurchase(purchase, ctx);
    }
    if (byEventTime) {
      expire(now);
    } else if (pendingPurchases.isEmpty()) {
      pendingPurchases.clear();
    }
    if (!isWaiting()) {
      watermarkWhileWaiting.clear();
    } else if (!since.equals(Instant.MIN)) {
      waitAtMostPatience(ctx);
    }
  }

  /** Waits another patience if the watermark moved since it was last seen while waiting. */
  private boolean watermarkMovedWhileWaiting(OnTimerContext ctx) throws Exception {
    Long seen = watermarkWhileWaiting.value();
    long watermark = ctx.timerService().currentWatermark();
    if (seen == null || watermark <= seen || !isWaiting()) {
      return false;
    }
    watermarkWhileWaiting.update(watermark);
    waitAtMostPatience(ctx);
    return true;
  }

  private boolean isWaiting() throws Exception {
    return !pendingPurchases.isEmpty()
        || valuesOf(visits).stream().anyMatch(visit -> visit.credited() == null);
  }

  private AttributedVisit creditVisit(VisitMemory visit, Collector<AttributedVisit> out)
      throws Exception {
    TouchCredit.Credit earned = credit.credit(valuesOf(touches), visit.enteredAt());
    AttributedVisit credited =
        new AttributedVisit(
            visit.visitId(),
            visit.customerId(),
            visit.storeId(),
            visit.enteredAt(),
            earned.touches(),
            earned.campaigns());
    visits.put(visit.visitId(), visit.withCredit(credited));
    out.collect(credited);
    return credited;
  }

  private void creditPurchase(Purchase purchase, Context ctx) throws Exception {
    VisitMemory during =
        valuesOf(visits).stream()
            .filter(visit -> visit.credited() != null && visit.holds(purchase))
            .max(Comparator.comparing(VisitMemory::enteredAt))
            .orElse(null);
    boolean converts = during != null && !during.converted();
    if (converts) {
      visits.put(during.visitId(), during.asConverted());
      ctx.output(CONVERSIONS, during.credited());
    }
    TouchCredit.Credit earned = credit.credit(valuesOf(touches), purchase.occurredAt());
    AttributedPurchase credited =
        purchase.credited(
            during == null ? null : during.visitId(),
            converts,
            earned.touches(),
            earned.campaigns());
    remember(credited);
    ctx.output(PURCHASES, credited);
  }

  /**
   * Keeps a purchase's credit for a late touch to correct: its campaigns' shares, which are what a
   * withdrawal takes back, without the touches behind them, which every checkpoint would copy.
   */
  private void remember(AttributedPurchase credited) throws Exception {
    purchaseCredits.put(credited.eventId(), credited.withCredit(List.of(), credited.campaigns()));
  }

  private void expire(Instant now) throws Exception {
    Iterator<Map.Entry<String, OnlineTouch>> touchEntries = touches.iterator();
    while (touchEntries.hasNext()) {
      OnlineTouch touch = touchEntries.next().getValue();
      if (!touch.occurredAt().plus(credit.window(touch)).isAfter(now)) {
        touchEntries.remove();
      }
    }
    Iterator<Map.Entry<String, VisitMemory>> visitEntries = visits.iterator();
    while (visitEntries.hasNext()) {
      if (!visitEntries.next().getValue().enteredAt().plus(RETENTION).isAfter(now)) {
        visitEntries.remove();
      }
    }
    Iterator<Map.Entry<String, Instant>> purchaseEntries = creditedPurchases.iterator();
    while (purchaseEntries.hasNext()) {
      Map.Entry<String, Instant> purchase = purchaseEntries.next();
      if (!purchase.getValue().plus(RETENTION).isAfter(now)) {
        purchaseCredits.remove(purchase.getKey());
        purchaseEntries.remove();
      }
    }
    // An emptied map still holds an entry for the key until it is cleared.
    for (MapState<String, ?> state :
        List.of(touches, visits, pendingPurchases, creditedPurchases, purchaseCredits)) {
      if (state.isEmpty()) {
        state.clear();
      }
    }
  }

  private static <V> List<V> valuesOf(MapState<String, V> state) throws Exception {
    List<V> values = new ArrayList<>();
    state.values().forEach(values::add);
    return values;
  }
}
