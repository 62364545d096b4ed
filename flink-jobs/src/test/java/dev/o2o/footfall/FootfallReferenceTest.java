package dev.o2o.footfall;

import static dev.o2o.jobs.BoundedInputs.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.EngineConfig;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.DeadLetter;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.BoundedInputs;
import dev.o2o.jobs.TestEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs a generated three-day scenario through the footfall job at parallelism 2 and compares every
 * store minute with a reference counted here, directly and sequentially, from the same events: door
 * counts, visits with their open, zone-change and close records (some without an open, some
 * repeated), dwells in every bucket, members with earlier visits inside and beyond the returning
 * lookback, till sales during visits, in another store and after them, offers and redemptions
 * accepted and refused, every input repeated now and then and out of order by up to 90 seconds:
 * late behind the watermark, but within the allowed lateness.
 */
class FootfallReferenceTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = BoundedInputs.miniCluster();

  private static final Instant START = TestEngine.MORNING.minus(Duration.ofDays(2));
  private static final int DAYS = 3;
  private static final int MEMBERS = 80;
  private static final List<String> STORES = List.of("berlin-mitte", "hamburg-jungfernstieg");
  private static final List<Duration> DWELLS =
      List.of(
          Duration.ofMinutes(2),
          Duration.ofMinutes(8),
          Duration.ofMinutes(20),
          Duration.ofMinutes(45),
          Duration.ofMinutes(75));

  private final EngineConfig config = TestEngine.config();
  private final Duration returningWithin = config.footfall().returningWithin();

  private final List<DoorCount> doorCounts = new ArrayList<>();
  private final List<Visit> visitRecords = new ArrayList<>();
  private final List<Visit> history = new ArrayList<>();
  private final List<Purchase> purchases = new ArrayList<>();
  private final List<Offer> offers = new ArrayList<>();
  private final List<Redemption> redemptions = new ArrayList<>();

  /** Each visit once, as it finally closed. */
  private final List<Visit> visits = new ArrayList<>();

  @Test
  void everyStoreMinuteMatchesTheReference() throws Exception {
    generate(new Random(20261123));
    List<Visit> visitInput = new ArrayList<>(history);
    visitInput.addAll(visitRecords);

    StreamExecutionEnvironment env = BoundedInputs.environment();
    FootfallJob.Outputs out =
        FootfallJob.topology(
            BoundedInputs.of(
                env,
                DoorCount.class,
                DoorCount::occurredAt,
                jitter(doorCounts, DoorCount::occurredAt)),
            // Paced, so that the watermark moves on while visits still arrive.
            BoundedInputs.paced(
                env,
                Visit.class,
                FootfallReferenceTest::timeOf,
                jitter(visitInput, FootfallReferenceTest::timeOf),
                500),
            BoundedInputs.of(
                env,
                OnlineTouch.class,
                OnlineTouch::occurredAt,
                List.of(
                    new OnlineTouch(
                        "t-1", START, "m-0", TouchKind.CLICK, "autumn-tailoring", null))),
            BoundedInputs.of(
                env, Purchase.class, Purchase::occurredAt, jitter(purchases, Purchase::occurredAt)),
            BoundedInputs.of(
                env,
                CampaignDefined.class,
                CampaignDefined::occurredAt,
                List.of(new CampaignDefined("cd-1", START, config.campaigns().get(0)))),
            BoundedInputs.of(env, Offer.class, Offer::issuedAt, jitter(offers, Offer::issuedAt)),
            BoundedInputs.of(
                env,
                Redemption.class,
                Redemption::occurredAt,
                jitter(redemptions, Redemption::occurredAt)),
            config);
    CloseableIterator<FootfallMinute> footfall = out.footfall().collectAsync();
    CloseableIterator<DeadLetter> tooLate = out.lateFootfall().collectAsync();
    env.execute("footfall-reference-test");

    // Every input is within the allowed lateness, so no change may be refused as too late.
    assertThat(drain(tooLate)).as("changes refused as too late").isEmpty();

    // A minute's totals come from one subtask, in order: the last one is the minute's figure.
    // The earlier visits' own minutes are history, not compared.
    Map<String, FootfallMinute> actual = new TreeMap<>();
    drain(footfall).stream()
        .filter(minute -> !minute.minute().isBefore(START))
        .forEach(minute -> actual.put(minute.key(), minute));
    Map<String, FootfallMinute> expected = reference();

    assertThat(expected.values().stream().mapToLong(FootfallMinute::returningVisitors).sum())
        .isPositive();
    assertThat(expected.values().stream().mapToLong(FootfallMinute::convertedVisits).sum())
        .isPositive();
    assertThat(expected.values().stream().mapToLong(FootfallMinute::dwellOver60Min).sum())
        .isPositive();
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((key, minute) -> assertThat(actual.get(key)).as(key).isEqualTo(minute));
  }

  private void generate(Random random) {
    for (int day = 0; day < DAYS; day++) {
      Instant opens = START.plus(Duration.ofDays(day));
      for (String store : STORES) {
        for (int slot = 0; slot < 60; slot++) {
          Instant at = opens.plus(Duration.ofMinutes(10L * slot + random.nextInt(10)));
          DoorCount count =
              new DoorCount(
                  "d-" + store + "-" + day + "-" + slot,
                  at.plusSeconds(random.nextInt(60)),
                  store,
                  random.nextBoolean() ? "main" : "side",
                  random.nextInt(6),
                  random.nextInt(5));
          doorCounts.add(count);
          if (random.nextInt(10) == 0) {
            doorCounts.add(count);
          }
        }
      }
    }
    for (int m = 0; m < MEMBERS; m++) {
      String member = "m-" + m;
      int kindOfPast = random.nextInt(4);
      if (kindOfPast == 1) {
        history.add(
            closedVisit(
                member + "-past",
                member,
                STORES.get(1),
                START.minus(Duration.ofDays(40)),
                Duration.ofMinutes(10)));
      } else if (kindOfPast == 2) {
        history.add(
            closedVisit(
                member + "-long-ago",
                member,
                STORES.get(0),
                START.minus(returningWithin).minus(Duration.ofDays(3)),
                Duration.ofMinutes(10)));
      }
      Instant free = START.plus(Duration.ofMinutes(random.nextInt(120)));
      int visitCount = random.nextInt(5);
      for (int v = 0; v < visitCount; v++) {
        Instant entered =
            free.plus(Duration.ofMinutes(30 + random.nextInt(60 * 24 * DAYS / (visitCount + 1))))
                .plusSeconds(random.nextInt(60));
        Duration dwell = DWELLS.get(random.nextInt(DWELLS.size())).plusSeconds(random.nextInt(50));
        Instant end = START.plus(Duration.ofDays(DAYS));
        if (entered.plus(dwell).isAfter(end)) {
          break;
        }
        String store = STORES.get(random.nextInt(STORES.size()));
        visit(random, member + "-v" + v, member, store, entered, dwell);
        free = entered.plus(dwell);
      }
    }
    for (int s = 0; s < 40; s++) {
      Instant at = START.plus(Duration.ofMinutes(random.nextInt(60 * 24 * DAYS)));
      purchases.add(sale("anon-" + s, null, STORES.get(s % 2), at));
    }
  }

  private void visit(
      Random random, String visitId, String member, String store, Instant entered, Duration dwell) {
    Instant left = entered.plus(dwell);
    Visit open =
        new Visit(visitId, member, store, entered, entered.plusSeconds(30), VisitStatus.OPEN, 2);
    Visit moved =
        new Visit(
            visitId,
            member,
            store,
            entered,
            entered.plus(dwell.dividedBy(2)),
            VisitStatus.ZONE_CHANGED,
            3);
    Visit closed = closedVisit(visitId, member, store, entered, dwell);
    // Some visits come without their open record, so that a later record begins them; only short
    // ones, whose first remaining record (at most three minutes in, plus the jitter) is still
    // within the allowed lateness of the minute they were entered. A longer visit's would arrive
    // after that minute closed and be dead-lettered, as too late to correct it.
    if (random.nextInt(10) > 0 || dwell.compareTo(Duration.ofMinutes(3)) > 0) {
      visitRecords.add(open);
    }
    if (random.nextBoolean()) {
      visitRecords.add(moved);
    }
    visitRecords.add(closed);
    if (random.nextInt(5) == 0) {
      visitRecords.add(random.nextBoolean() ? closed : open);
    }
    visits.add(closed);

    int till = random.nextInt(10);
    Instant during = entered.plusSeconds(1 + random.nextInt((int) dwell.toSeconds() - 1));
    if (till < 5) {
      Purchase sale = sale(visitId + "-sale", member, store, during);
      purchases.add(sale);
      if (random.nextInt(4) == 0) {
        purchases.add(sale);
      }
    } else if (till == 5) {
      purchases.add(sale(visitId + "-elsewhere", member, other(store), during));
    } else if (till == 6) {
      purchases.add(sale(visitId + "-after", member, store, left.plusSeconds(90)));
    }

    if (random.nextInt(3) == 0) {
      Instant issued = entered.plusSeconds(40);
      Offer offer =
          new Offer(
              visitId + "-offer",
              member,
              store,
              visitId,
              "SKU-1",
              "autumn-tailoring",
              Benefit.percentOff(10),
              "C-" + visitId,
              "arrival",
              issued,
              issued.plus(Duration.ofHours(2)));
      offers.add(offer);
      if (random.nextInt(4) == 0) {
        offers.add(offer);
      }
      int outcome = random.nextInt(3);
      if (outcome < 2) {
        Redemption redemption =
            new Redemption(
                "r-" + visitId,
                offer.code(),
                outcome == 0 ? offer.offerId() : null,
                outcome == 0 ? offer.campaignId() : null,
                member,
                store,
                visitId + "-redeeming-sale",
                "rc-" + visitId,
                "SKU-1",
                outcome == 0 ? Redemption.Outcome.ACCEPTED : Redemption.Outcome.REFUSED,
                outcome == 0 ? null : Redemption.Refusal.UNKNOWN_CODE,
                during,
                null);
        redemptions.add(redemption);
        if (random.nextInt(4) == 0) {
          redemptions.add(redemption);
        }
      }
    }
  }

  /** The figures of every store minute, counted directly from each event once. */
  private Map<String, FootfallMinute> reference() {
    Map<String, FootfallMinute> minutes = new TreeMap<>();
    Map<String, DoorCount> uniqueCounts = new HashMap<>();
    doorCounts.forEach(count -> uniqueCounts.put(count.eventId(), count));
    for (DoorCount count : uniqueCounts.values()) {
      add(
          minutes,
          FootfallMinute.door(
              count.storeId(), minuteOf(count.occurredAt()), count.entries(), count.exits()));
    }

    List<Visit> everVisited = new ArrayList<>(visits);
    everVisited.addAll(history);
    Map<String, Purchase> uniqueSales = new HashMap<>();
    purchases.forEach(sale -> uniqueSales.put(sale.eventId(), sale));
    for (Visit visit : visits) {
      boolean returning =
          everVisited.stream()
              .anyMatch(
                  earlier ->
                      earlier.customerId().equals(visit.customerId())
                          && earlier.enteredAt().isBefore(visit.enteredAt())
                          && !earlier
                              .enteredAt()
                              .isBefore(visit.enteredAt().minus(returningWithin)));
      add(
          minutes,
          FootfallMinute.visitBegun(visit.storeId(), minuteOf(visit.enteredAt()), returning));
      boolean converted =
          uniqueSales.values().stream()
              .anyMatch(
                  sale ->
                      visit.customerId().equals(sale.customerId())
                          && sale.storeId().equals(visit.storeId())
                          && !sale.occurredAt().isBefore(visit.enteredAt())
                          && !sale.occurredAt().isAfter(visit.lastSeenAt()));
      add(
          minutes,
          FootfallMinute.visitClosed(
              visit.storeId(),
              minuteOf(visit.lastSeenAt()),
              Duration.ofSeconds(visit.dwellSeconds()),
              converted));
    }

    Map<String, Offer> uniqueOffers = new HashMap<>();
    offers.forEach(offer -> uniqueOffers.put(offer.offerId(), offer));
    for (Offer offer : uniqueOffers.values()) {
      add(minutes, FootfallMinute.offerSent(offer.storeId(), minuteOf(offer.issuedAt())));
    }
    Map<String, Redemption> uniqueRedemptions = new HashMap<>();
    redemptions.forEach(r -> uniqueRedemptions.put(r.redemptionId(), r));
    for (Redemption redemption : uniqueRedemptions.values()) {
      if (redemption.outcome() == Redemption.Outcome.ACCEPTED) {
        add(
            minutes,
            FootfallMinute.offerRedeemed(redemption.storeId(), minuteOf(redemption.occurredAt())));
      }
    }
    return minutes;
  }

  private static void add(Map<String, FootfallMinute> minutes, FootfallMinute change) {
    minutes.merge(change.key(), change, FootfallMinute::plus);
  }

  private static Visit closedVisit(
      String visitId, String member, String store, Instant entered, Duration dwell) {
    return new Visit(visitId, member, store, entered, entered.plus(dwell), VisitStatus.CLOSED, 4);
  }

  private static Purchase sale(String eventId, String member, String store, Instant at) {
    return new Purchase(
        eventId, member, PurchaseChannel.STORE, store, at, new BigDecimal("25.00"), "EUR");
  }

  private static String other(String store) {
    return store.equals(STORES.get(0)) ? STORES.get(1) : STORES.get(0);
  }

  private static Instant minuteOf(Instant time) {
    return time.truncatedTo(ChronoUnit.MINUTES);
  }

  private static Instant timeOf(Visit visit) {
    return visit.lastSeenAt();
  }

  /** In time order, each value moved back or forth by up to 90 seconds. */
  private static <T> List<T> jitter(List<T> values, Function<T, Instant> time) {
    Random random = new Random(values.size());
    Map<T, Instant> shifted = new HashMap<>();
    List<T> jittered = new ArrayList<>(values);
    for (T value : values) {
      shifted.putIfAbsent(value, time.apply(value).plusSeconds(random.nextInt(91)));
    }
    jittered.sort(Comparator.comparing(shifted::get));
    return jittered;
  }
}
