package dev.o2o.footfall;

import dev.o2o.config.AttributionSettings;
import dev.o2o.contract.AttributedVisit;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Credits a customer's store visit to the online campaign that brought them (keyed by customer id),
 * last-touch: the latest click-like touch within the click window wins, else the latest view within
 * the view window. Only each campaign's latest click and latest view are kept, and each is dropped
 * by an event-time timer once its window has passed. A visit is considered once, so a redelivered
 * arrival is not counted twice.
 */
public final class Attributor
    extends KeyedCoProcessFunction<String, OnlineTouch, Visit, AttributedVisit> {
  /** How long a considered visit id is remembered. */
  static final Duration CONSIDERED_RETENTION = Duration.ofDays(1);

  static final MapStateDescriptor<String, OnlineTouch> LAST_CLICKS =
      new MapStateDescriptor<>("last-click-per-campaign", String.class, OnlineTouch.class);

  static final MapStateDescriptor<String, OnlineTouch> LAST_VIEWS =
      new MapStateDescriptor<>("last-view-per-campaign", String.class, OnlineTouch.class);

  static final MapStateDescriptor<String, Boolean> CONSIDERED = consideredDescriptor();

  private final AttributionSettings settings;
  private transient MapState<String, OnlineTouch> lastClicks;
  private transient MapState<String, OnlineTouch> lastViews;
  private transient MapState<String, Boolean> considered;

  public Attributor(AttributionSettings settings) {
    this.settings = settings;
  }

  private static MapStateDescriptor<String, Boolean> consideredDescriptor() {
    MapStateDescriptor<String, Boolean> descriptor =
        new MapStateDescriptor<>("considered-visits", String.class, Boolean.class);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(CONSIDERED_RETENTION).build());
    return descriptor;
  }

  @Override
  public void open(OpenContext context) {
    lastClicks = getRuntimeContext().getMapState(LAST_CLICKS);
    lastViews = getRuntimeContext().getMapState(LAST_VIEWS);
    considered = getRuntimeContext().getMapState(CONSIDERED);
  }

  @Override
  public void processElement1(OnlineTouch touch, Context ctx, Collector<AttributedVisit> out)
      throws Exception {
    if (touch.campaignId() == null) {
      return;
    }
    boolean click = touch.kind().isClickLike();
    long expiry = touch.occurredAt().plus(window(click)).toEpochMilli();
    if (expiry <= ctx.timerService().currentWatermark()) {
      return;
    }
    MapState<String, OnlineTouch> latest = click ? lastClicks : lastViews;
    OnlineTouch previous = latest.get(touch.campaignId());
    if (previous == null || touch.occurredAt().isAfter(previous.occurredAt())) {
      latest.put(touch.campaignId(), touch);
      ctx.timerService().registerEventTimeTimer(expiry);
    }
  }

  @Override
  public void processElement2(Visit visit, Context ctx, Collector<AttributedVisit> out)
      throws Exception {
    if (visit.status() != VisitStatus.OPEN || considered.contains(visit.visitId())) {
      return;
    }
    considered.put(visit.visitId(), true);
    Instant at = visit.enteredAt();
    Optional<OnlineTouch> credited = latestWithin(lastClicks, at, settings.clickWindow());
    if (credited.isEmpty()) {
      credited = latestWithin(lastViews, at, settings.viewWindow());
    }
    credited.ifPresent(
        touch ->
            out.collect(
                new AttributedVisit(
                    visit.visitId(),
                    visit.customerId(),
                    visit.storeId(),
                    touch.campaignId(),
                    touch.kind(),
                    touch.occurredAt(),
                    at)));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AttributedVisit> out)
      throws Exception {
    Instant now = Instant.ofEpochMilli(timestamp);
    expire(lastClicks, now, settings.clickWindow());
    expire(lastViews, now, settings.viewWindow());
  }

  private static Optional<OnlineTouch> latestWithin(
      MapState<String, OnlineTouch> touches, Instant at, Duration window) throws Exception {
    return StreamSupport.stream(touches.values().spliterator(), false)
        .filter(touch -> !touch.occurredAt().isAfter(at))
        .filter(touch -> touch.occurredAt().plus(window).isAfter(at))
        .max(Comparator.comparing(OnlineTouch::occurredAt).thenComparing(OnlineTouch::campaignId));
  }

  private static void expire(MapState<String, OnlineTouch> touches, Instant now, Duration window)
      throws Exception {
    Iterator<Map.Entry<String, OnlineTouch>> entries = touches.iterator();
    while (entries.hasNext()) {
      if (!entries.next().getValue().occurredAt().plus(window).isAfter(now)) {
        entries.remove();
      }
    }
    if (touches.isEmpty()) {
      touches.clear();
    }
  }

  private Duration window(boolean click) {
    return click ? settings.clickWindow() : settings.viewWindow();
  }
}
