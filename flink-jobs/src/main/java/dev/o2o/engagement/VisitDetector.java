package dev.o2o.engagement;

import dev.o2o.config.EngagementSettings;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns one customer's beacon sightings (keyed by customer id) into store visits. Weak sightings
 * are ignored, since the phone was likely outside. A visit opens once the customer was seen often
 * enough in one store and closes, on an event-time timer, when they were unseen for {@code
 * exitAfter}; a sighting in another store closes the old visit first. The visit id is derived from
 * customer, store and entry time, so a replay produces the same ids. Once a visit is closed its
 * state and timer are gone; a sighting too late to have kept it open is dropped rather than opening
 * a second visit for the same stay.
 */
public final class VisitDetector extends KeyedProcessFunction<String, BeaconSighting, Visit> {
  static final ValueStateDescriptor<Presence> PRESENCE =
      new ValueStateDescriptor<>("presence", Presence.class);

  /** Where the customer is being seen, since when, how often, and whether the visit is open. */
  public record Presence(
      String storeId, Instant firstSeenAt, Instant lastSeenAt, long sightings, boolean open) {

    Presence seenAt(Instant time) {
      Instant first = !open && time.isBefore(firstSeenAt) ? time : firstSeenAt;
      Instant last = time.isAfter(lastSeenAt) ? time : lastSeenAt;
      return new Presence(storeId, first, last, sightings + 1, open);
    }

    Presence opened() {
      return new Presence(storeId, firstSeenAt, lastSeenAt, sightings, true);
    }
  }

  private final EngagementSettings settings;
  private transient ValueState<Presence> presence;

  public VisitDetector(EngagementSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    presence = getRuntimeContext().getState(PRESENCE);
  }

  @Override
  public void processElement(BeaconSighting sighting, Context ctx, Collector<Visit> out)
      throws Exception {
    if (sighting.rssi() < settings.minRssi()) {
      return;
    }
    Instant seenAt = sighting.occurredAt();
    Presence current = presence.value();
    if (current != null && !current.storeId().equals(sighting.storeId())) {
      if (!seenAt.isAfter(current.lastSeenAt())) {
        return;
      }
      leave(current, ctx.getCurrentKey(), ctx, out);
      current = null;
    }
    if (current == null) {
      if (closeTime(seenAt) <= ctx.timerService().currentWatermark()) {
        return;
      }
      current = new Presence(sighting.storeId(), seenAt, seenAt, 0, false);
    } else {
      ctx.timerService().deleteEventTimeTimer(closeTime(current.lastSeenAt()));
    }
    Presence next = current.seenAt(seenAt);
    if (!next.open() && next.sightings() >= settings.minSightings()) {
      next = next.opened();
      out.collect(visit(ctx.getCurrentKey(), next, VisitStatus.OPEN));
    }
    presence.update(next);
    ctx.timerService().registerEventTimeTimer(closeTime(next.lastSeenAt()));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Visit> out) throws Exception {
    Presence current = presence.value();
    if (current != null && closeTime(current.lastSeenAt()) == timestamp) {
      leave(current, ctx.getCurrentKey(), ctx, out);
    }
  }

  private void leave(Presence current, String customerId, Context ctx, Collector<Visit> out) {
    ctx.timerService().deleteEventTimeTimer(closeTime(current.lastSeenAt()));
    if (current.open()) {
      out.collect(visit(customerId, current, VisitStatus.CLOSED));
    }
    presence.clear();
  }

  private long closeTime(Instant lastSeenAt) {
    return lastSeenAt.plus(settings.exitAfter()).toEpochMilli();
  }

  private static Visit visit(String customerId, Presence presence, VisitStatus status) {
    return new Visit(
        visitId(customerId, presence.storeId(), presence.firstSeenAt()),
        customerId,
        presence.storeId(),
        presence.firstSeenAt(),
        presence.lastSeenAt(),
        status,
        presence.sightings());
  }

  static String visitId(String customerId, String storeId, Instant enteredAt) {
    String identity = customerId + "|" + storeId + "|" + enteredAt;
    return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
