package dev.o2o.engagement;

import dev.o2o.config.EngagementSettings;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Visit;
import dev.o2o.contract.Visit.ZoneDwell;
import dev.o2o.contract.VisitStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns one customer's beacon sightings (keyed by customer id) into store visits, zone by zone.
 *
 * <p>Weak sightings are ignored, since the phone was likely outside. A visit opens once {@code
 * minSightings} sightings in one store fall within {@code entryWindow} of each other; it enters at
 * the first of them. While it is open, a sighting by a beacon of another zone emits the visit again
 * as {@link VisitStatus#ZONE_CHANGED}, with the time spent in each zone so far. The visit closes,
 * on an event-time timer, when the customer was unseen for {@code exitAfter}; a sighting in another
 * store closes it first. The visit id is derived from customer, store and entry time, so a replay
 * produces the same ids.
 *
 * <p>Late and repeated sightings never open a second visit: a sighting whose event id was seen
 * among the customer's last {@value #REMEMBERED} sightings (or, while entering, the last {@code
 * minSightings}) is a repeat and changes nothing; a late one inside an open visit counts as a
 * sighting; one that belongs to a visit already closed is dropped. For that, a closed visit leaves
 * a small marker behind until event time is past any sighting that could still belong to it, then
 * all state and timers of the customer are gone.
 */
public final class VisitDetector extends KeyedProcessFunction<String, BeaconSighting, Visit> {
  /** How many of a customer's latest sightings are remembered to recognise a repeat. */
  static final int REMEMBERED = 16;

  static final ValueStateDescriptor<Presence> PRESENCE =
      new ValueStateDescriptor<>("presence", PresenceSerializer.INSTANCE);

  /** Whether the customer is still being counted in, inside a visit, or just left one. */
  public enum Phase {
    ENTERING,
    OPEN,
    CLOSED
  }

  /** One sighting as remembered: its id, its time and the zone of the beacon that made it. */
  public record Seen(String eventId, Instant at, String zone) {}

  /**
   * Where the customer is being seen. While {@link Phase#ENTERING}, {@code recent} holds the newest
   * sightings in time order, from which a visit may open; once {@link Phase#OPEN}, the visit's
   * entry, newest sighting, count, current zone and zone times, and {@code recent} the newest
   * sighting ids. {@link Phase#CLOSED} marks a visit that ended when its customer was last seen at
   * {@code lastSeenAt}.
   */
  public record Presence(
      String storeId,
      Phase phase,
      Instant enteredAt,
      Instant lastSeenAt,
      long sightings,
      String zone,
      List<ZoneDwell> zones,
      List<Seen> recent) {

    static Presence entering(String storeId, Seen first) {
      return new Presence(
          storeId, Phase.ENTERING, null, first.at(), 0, null, List.of(), List.of(first));
    }

    static Presence opened(String storeId, Seen first) {
      return new Presence(
          storeId,
          Phase.OPEN,
          first.at(),
          first.at(),
          1,
          first.zone(),
          List.of(new ZoneDwell(first.zone(), first.at(), 0)),
          List.of(first));
    }

    boolean hasSeen(String eventId) {
      return recent.stream().anyMatch(seen -> seen.eventId().equals(eventId));
    }

    /**
     * Remembers a sighting among the newest {@code limit}, in time order. While entering, it is
     * also the newest sighting if it is; an open visit moves on in {@link #advancedBy}.
     */
    Presence remembering(Seen seen, int limit) {
      List<Seen> kept = new ArrayList<>(recent);
      kept.add(seen);
      kept.sort(Comparator.comparing(Seen::at));
      if (kept.size() > limit) {
        kept = kept.subList(kept.size() - limit, kept.size());
      }
      Instant last =
          phase == Phase.ENTERING && seen.at().isAfter(lastSeenAt) ? seen.at() : lastSeenAt;
      return new Presence(
          storeId, phase, enteredAt, last, sightings, zone, zones, List.copyOf(kept));
    }

    /**
     * An open visit after one more sighting. A sighting newer than the last moves the customer on:
     * the time since the last one is spent in the zone they were in, and the new zone becomes
     * current. An older one only counts.
     */
    Presence advancedBy(Seen seen) {
      if (!seen.at().isAfter(lastSeenAt)) {
        return new Presence(
            storeId, phase, enteredAt, lastSeenAt, sightings + 1, zone, zones, recent);
      }
      long elapsed = seen.at().getEpochSecond() - lastSeenAt.getEpochSecond();
      List<ZoneDwell> moved = new ArrayList<>(zones.size() + 1);
      boolean known = false;
      for (ZoneDwell dwell : zones) {
        known |= dwell.zone().equals(seen.zone());
        moved.add(
            dwell.zone().equals(zone)
                ? new ZoneDwell(dwell.zone(), dwell.firstSeenAt(), dwell.dwellSeconds() + elapsed)
                : dwell);
      }
      if (!known) {
        moved.add(new ZoneDwell(seen.zone(), seen.at(), 0));
      }
      return new Presence(
          storeId,
          phase,
          enteredAt,
          seen.at(),
          sightings + 1,
          seen.zone(),
          List.copyOf(moved),
          recent);
    }

    /**
     * The visit the sightings so far open, if {@code needed} of them fall within {@code window}
     * millis of each other: it enters at the first of the earliest such run and takes in every
     * sighting from there on.
     */
    Presence openedIfEnough(int needed, long window) {
      for (int first = 0; first + needed <= recent.size(); first++) {
        long span =
            recent.get(first + needed - 1).at().toEpochMilli()
                - recent.get(first).at().toEpochMilli();
        if (span <= window) {
          Presence visit = opened(storeId, recent.get(first));
          for (Seen seen : recent.subList(first + 1, recent.size())) {
            visit = visit.advancedBy(seen);
          }
          return new Presence(
              storeId,
              Phase.OPEN,
              visit.enteredAt(),
              visit.lastSeenAt(),
              visit.sightings(),
              visit.zone(),
              visit.zones(),
              recent);
        }
      }
      return this;
    }

    Presence closed() {
      return new Presence(
          storeId, Phase.CLOSED, enteredAt, lastSeenAt, 0, null, List.of(), List.of());
    }
  }

  private final EngagementSettings settings;
  private final Map<String, String> zoneByBeacon = new HashMap<>();
  private transient ValueState<Presence> presence;

  public VisitDetector(EngineConfig config) {
    this.settings = config.engagement();
    for (StoreConfig store : config.stores()) {
      store.beacons().forEach(b -> zoneByBeacon.put(beaconKey(store.id(), b.id()), b.zone()));
    }
  }

  @Override
  public void open(OpenContext context) {
    presence = getRuntimeContext().getState(PRESENCE);
  }

  @Override
  public void processElement(BeaconSighting sighting, Context ctx, Collector<Visit> out)
      throws Exception {
    String zone = zoneByBeacon.get(beaconKey(sighting.storeId(), sighting.beaconId()));
    if (sighting.rssi() < settings.minRssi() || zone == null) {
      return;
    }
    Seen seen = new Seen(sighting.eventId(), sighting.occurredAt(), zone);
    String customerId = ctx.getCurrentKey();
    Presence current = presence.value();
    if (current != null && current.phase() == Phase.CLOSED) {
      if (current.storeId().equals(sighting.storeId())
          && seen.at().toEpochMilli() < closeTime(current.lastSeenAt())) {
        return;
      }
      ctx.timerService().deleteEventTimeTimer(timerOf(current));
      presence.clear();
      current = null;
    }
    if (current != null && !current.storeId().equals(sighting.storeId())) {
      if (!seen.at().isAfter(current.lastSeenAt())) {
        return;
      }
      ctx.timerService().deleteEventTimeTimer(timerOf(current));
      if (current.phase() == Phase.OPEN) {
        out.collect(visit(customerId, current, VisitStatus.CLOSED));
      }
      presence.clear();
      current = null;
    }

    Presence next;
    if (current == null) {
      if (closeTime(seen.at()) <= ctx.timerService().currentWatermark()) {
        return;
      }
      next = Presence.entering(sighting.storeId(), seen);
    } else if (current.hasSeen(seen.eventId())) {
      return;
    } else {
      ctx.timerService().deleteEventTimeTimer(timerOf(current));
      next = current.remembering(seen, remembered());
    }

    if (next.phase() == Phase.ENTERING) {
      next = next.openedIfEnough(settings.minSightings(), settings.entryWindow().toMillis());
      if (next.phase() == Phase.OPEN) {
        out.collect(visit(customerId, next, VisitStatus.OPEN));
      }
    } else {
      String zoneBefore = next.zone();
      next = next.advancedBy(seen);
      if (!next.zone().equals(zoneBefore)) {
        out.collect(visit(customerId, next, VisitStatus.ZONE_CHANGED));
      }
    }
    presence.update(next);
    ctx.timerService().registerEventTimeTimer(timerOf(next));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Visit> out) throws Exception {
    Presence current = presence.value();
    if (current == null || timerOf(current) != timestamp) {
      return;
    }
    if (current.phase() == Phase.OPEN) {
      out.collect(visit(ctx.getCurrentKey(), current, VisitStatus.CLOSED));
      Presence closed = current.closed();
      presence.update(closed);
      ctx.timerService().registerEventTimeTimer(timerOf(closed));
    } else {
      presence.clear();
    }
  }

  private int remembered() {
    return Math.max(REMEMBERED, settings.minSightings());
  }

  /**
   * When the presence's timer fires. An entering or open presence ends {@code exitAfter} after the
   * customer was last seen. A closed visit's marker is kept until a sighting that could have kept
   * the visit open is late enough to be dropped anyway: one more {@code exitAfter}.
   */
  private long timerOf(Presence current) {
    long close = closeTime(current.lastSeenAt());
    return current.phase() == Phase.CLOSED ? close + settings.exitAfter().toMillis() : close;
  }

  private long closeTime(Instant lastSeenAt) {
    return lastSeenAt.plus(settings.exitAfter()).toEpochMilli();
  }

  private static String beaconKey(String storeId, String beaconId) {
    return storeId + "/" + beaconId;
  }

  private static Visit visit(String customerId, Presence presence, VisitStatus status) {
    return new Visit(
        visitId(customerId, presence.storeId(), presence.enteredAt()),
        customerId,
        presence.storeId(),
        presence.enteredAt(),
        presence.lastSeenAt(),
        status,
        presence.sightings(),
        presence.zone(),
        presence.zones());
  }

  static String visitId(String customerId, String storeId, Instant enteredAt) {
    String identity = customerId + "|" + storeId + "|" + enteredAt;
    return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
