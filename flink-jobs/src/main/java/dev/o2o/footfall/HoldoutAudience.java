package dev.o2o.footfall;

import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.Json;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Measures each campaign's audience per holdout group (keyed by customer id), for its lift. A
 * member joins a campaign's audience with their first touch of it while it runs, in the group
 * {@link Campaign#holdsOut} draws, and counts as a visitor once, if a store visit opens within the
 * click window after joining. Both groups are touched online alike; only the exposed group is sent
 * the campaign's offers, so the difference in visit rates is what the offers added.
 *
 * <p>An arrival is judged once the watermark reaches it, so touches late within the allowed
 * out-of-orderness still count, or {@code patience} after it arrived in processing time, if the
 * watermark has not come by then (the inputs fell quiet). A membership is kept until the campaign
 * ends or its click window passes, whichever is later, so a member joins each campaign once.
 * Campaigns come from the configuration and, as they change, from {@code o2o.campaigns} as
 * broadcast state.
 */
public final class HoldoutAudience
    extends KeyedBroadcastProcessFunction<
        String, CustomerActivity, CampaignDefined, CampaignDelta> {
  public static final MapStateDescriptor<String, Campaign> CAMPAIGNS =
      new MapStateDescriptor<>("holdout-campaigns", String.class, Campaign.class);

  static final MapStateDescriptor<String, Membership> MEMBERSHIPS =
      new MapStateDescriptor<>("audience-memberships", String.class, Membership.class);

  static final MapStateDescriptor<String, Instant> PENDING_ARRIVALS =
      new MapStateDescriptor<>("pending-arrivals", String.class, Instant.class);

  /** A member in one campaign's audience: since when, in which group, until when it is kept. */
  public record Membership(
      Instant joinedAt, HoldoutGroup group, Instant keptUntil, boolean visited) {}

  private final Duration clickWindow;
  private final long patienceMillis;
  // Contract records are not Serializable; the configured campaigns travel as their JSON.
  private final HashMap<String, String> configured = new HashMap<>();
  private transient MapState<String, Membership> memberships;
  private transient MapState<String, Instant> pendingArrivals;

  public HoldoutAudience(Duration clickWindow, Duration patience, List<Campaign> campaigns) {
    this.clickWindow = clickWindow;
    this.patienceMillis = patience.toMillis();
    campaigns.forEach(c -> configured.put(c.campaignId(), Json.encodeToString(c)));
  }

  @Override
  public void open(OpenContext context) {
    memberships = getRuntimeContext().getMapState(MEMBERSHIPS);
    pendingArrivals = getRuntimeContext().getMapState(PENDING_ARRIVALS);
  }

  @Override
  public void processBroadcastElement(
      CampaignDefined defined, Context ctx, Collector<CampaignDelta> out) throws Exception {
    ctx.getBroadcastState(CAMPAIGNS).put(defined.campaign().campaignId(), defined.campaign());
  }

  @Override
  public void processElement(
      CustomerActivity activity, ReadOnlyContext ctx, Collector<CampaignDelta> out)
      throws Exception {
    if (activity.touch() != null && activity.touch().campaignId() != null) {
      join(activity.touch(), ctx, out);
    } else if (activity.visit() != null && activity.visit().status() == VisitStatus.OPEN) {
      Visit visit = activity.visit();
      if (visit.enteredAt().toEpochMilli() <= ctx.timerService().currentWatermark()) {
        arrive(visit.enteredAt(), out);
      } else {
        pendingArrivals.put(visit.visitId(), visit.enteredAt());
        ctx.timerService().registerEventTimeTimer(visit.enteredAt().toEpochMilli());
        long now = ctx.timerService().currentProcessingTime();
        ctx.timerService().registerProcessingTimeTimer((now + patienceMillis) / 1000 * 1000 + 1000);
      }
    }
  }

  private void join(OnlineTouch touch, ReadOnlyContext ctx, Collector<CampaignDelta> out)
      throws Exception {
    Campaign campaign = campaign(touch.campaignId(), ctx);
    if (campaign == null || !campaign.runsAt(touch.occurredAt())) {
      return;
    }
    Membership known = memberships.get(campaign.campaignId());
    if (known != null) {
      if (touch.occurredAt().isBefore(known.joinedAt())) {
        memberships.put(
            campaign.campaignId(),
            new Membership(touch.occurredAt(), known.group(), known.keptUntil(), known.visited()));
      }
      return;
    }
    Instant keptUntil = later(campaign.endsAt(), touch.occurredAt().plus(clickWindow));
    if (keptUntil.toEpochMilli() <= ctx.timerService().currentWatermark()) {
      return;
    }
    HoldoutGroup group =
        campaign.holdsOut(touch.customerId()) ? HoldoutGroup.CONTROL : HoldoutGroup.EXPOSED;
    memberships.put(
        campaign.campaignId(), new Membership(touch.occurredAt(), group, keptUntil, false));
    ctx.timerService().registerEventTimeTimer(keptUntil.toEpochMilli());
    out.collect(CampaignDelta.audience(campaign.campaignId(), touch.occurredAt(), group, false));
  }

  private void arrive(Instant enteredAt, Collector<CampaignDelta> out) throws Exception {
    for (Map.Entry<String, Membership> entry : List.copyOf(entriesOf(memberships))) {
      Membership membership = entry.getValue();
      boolean within =
          !enteredAt.isBefore(membership.joinedAt())
              && enteredAt.isBefore(membership.joinedAt().plus(clickWindow));
      if (!membership.visited() && within) {
        memberships.put(
            entry.getKey(),
            new Membership(
                membership.joinedAt(), membership.group(), membership.keptUntil(), true));
        out.collect(CampaignDelta.audience(entry.getKey(), enteredAt, membership.group(), true));
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CampaignDelta> out)
      throws Exception {
    boolean byEventTime = ctx.timeDomain() == TimeDomain.EVENT_TIME;
    Instant now = byEventTime ? Instant.ofEpochMilli(timestamp) : Instant.MAX;
    List<Map.Entry<String, Instant>> due = new ArrayList<>();
    for (Map.Entry<String, Instant> entry : pendingArrivals.entries()) {
      if (!entry.getValue().isAfter(now)) {
        due.add(Map.entry(entry.getKey(), entry.getValue()));
      }
    }
    due.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    for (Map.Entry<String, Instant> arrival : due) {
      pendingArrivals.remove(arrival.getKey());
      arrive(arrival.getValue(), out);
    }
    Iterator<Map.Entry<String, Membership>> entries = memberships.iterator();
    while (byEventTime && entries.hasNext()) {
      if (!entries.next().getValue().keptUntil().isAfter(now)) {
        entries.remove();
      }
    }
    // An emptied map still holds an entry for the key until it is cleared.
    if (memberships.isEmpty()) {
      memberships.clear();
    }
    if (pendingArrivals.isEmpty()) {
      pendingArrivals.clear();
    }
  }

  private Campaign campaign(String campaignId, ReadOnlyContext ctx) throws Exception {
    Campaign defined = ctx.getBroadcastState(CAMPAIGNS).get(campaignId);
    if (defined != null) {
      return defined;
    }
    String json = configured.get(campaignId);
    return json == null ? null : Json.decode(json, Campaign.class);
  }

  private static List<Map.Entry<String, Membership>> entriesOf(MapState<String, Membership> state)
      throws Exception {
    List<Map.Entry<String, Membership>> entries = new ArrayList<>();
    for (Map.Entry<String, Membership> entry : state.entries()) {
      entries.add(Map.entry(entry.getKey(), entry.getValue()));
    }
    return entries;
  }

  private static Instant later(Instant one, Instant other) {
    return one.isAfter(other) ? one : other;
  }
}
