package dev.o2o.bench;

import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Event;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.contract.TouchKind;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A seeded mix of everything the footfall job reads, for its throughput run. It is made of
 * journeys: a member of the online audience is touched by one or two of the configured campaigns
 * (always a click or coupon claim within the click window, then impressions, product views, more
 * clicks), walks into a store, mostly their own, through its counted door, stays a while and
 * leaves; an exposed member (not held out of the campaign) may get an arrival offer, and half of
 * the visits end with a purchase at the till, some with the offer's code and its redemption. Some
 * journeys add an online order, an anonymous till sale, or impressions for members who never come.
 * Visits fall in the {@link #VISIT_SPAN} before {@code end}, touches up to {@link #CLICK_LEAD}
 * before their visit, and the whole mix is in event-time order, as the topics would hold it.
 *
 * <p>The same config, seed, size and end give the same events, ids included.
 */
final class FootfallMix {
  /** How far back from the end visits are spread. */
  static final Duration VISIT_SPAN = Duration.ofDays(2);

  /** How long before their visit clicks and coupon claims may come; impressions and views less. */
  static final Duration CLICK_LEAD = Duration.ofDays(3);

  private static final Duration VIEW_LEAD = Duration.ofHours(20);
  private static final int EVENTS_PER_CUSTOMER = 40;
  private static final List<TouchKind> MORE_TOUCHES =
      List.of(TouchKind.IMPRESSION, TouchKind.PRODUCT_VIEW, TouchKind.CLICK, TouchKind.IMPRESSION);

  /** One event bound for its topic, stamped with the time it happened. */
  record Generated<V>(Topic<V> topic, V value, Instant at) {
    /**
     * The record's Kafka timestamp is its event time, which the job falls back on for payloads
     * without an {@code occurredAt}: visits and offers.
     */
    ProducerRecord<String, byte[]> record() {
      return new ProducerRecord<>(
          topic.name(), null, at.toEpochMilli(), topic.keyOf(value), topic.encode(value));
    }
  }

  private final EngineConfig config;
  private final SplittableRandom random;
  private final Instant end;
  private final List<String> customers = new ArrayList<>();
  private final List<Generated<?>> events = new ArrayList<>();
  private int journeys;

  private FootfallMix(EngineConfig config, long seed, Instant end) {
    this.config = config;
    this.random = new SplittableRandom(seed);
    this.end = end;
  }

  /**
   * At least {@code size} events (the last journey is completed), ending before {@code end}, in
   * event-time order.
   */
  static List<Generated<?>> generate(EngineConfig config, long seed, int size, Instant end) {
    if (config.campaigns().isEmpty()) {
      throw new IllegalArgumentException("the footfall mix needs at least one campaign");
    }
    FootfallMix mix = new FootfallMix(config, seed, end);
    int customerCount = Math.max(20, size / EVENTS_PER_CUSTOMER);
    for (int i = 0; i < customerCount; i++) {
      mix.customers.add(String.format("ff-c-%06d", i));
    }
    while (mix.events.size() < size) {
      mix.journey();
    }
    mix.events.sort(Comparator.comparing(Generated::at));
    return List.copyOf(mix.events);
  }

  private void journey() {
    String id = "ff-" + journeys++;
    int customerIndex = random.nextInt(customers.size());
    String customer = customers.get(customerIndex);
    List<StoreConfig> stores = config.stores();
    StoreConfig store =
        random.nextInt(5) == 0
            ? stores.get(random.nextInt(stores.size()))
            : stores.get(customerIndex % stores.size());
    Instant enteredAt = end.minus(Duration.ofHours(1)).minus(within(VISIT_SPAN));
    Instant leftAt = enteredAt.plus(Duration.ofMinutes(3 + random.nextInt(43)));

    List<Campaign> campaigns = config.campaigns();
    Campaign campaign = campaigns.get(random.nextInt(campaigns.size()));
    Campaign other = campaigns.get(random.nextInt(campaigns.size()));
    TouchKind hook = random.nextBoolean() ? TouchKind.CLICK : TouchKind.COUPON_CLAIM;
    add(
        Topics.TOUCHES,
        new OnlineTouch(
            id + "-t0",
            enteredAt.minus(Duration.ofMinutes(10)).minus(within(CLICK_LEAD)),
            customer,
            hook,
            campaign.campaignId(),
            null));
    int moreTouches = 1 + random.nextInt(4);
    for (int t = 1; t <= moreTouches; t++) {
      TouchKind kind = MORE_TOUCHES.get(random.nextInt(MORE_TOUCHES.size()));
      Duration lead = kind == TouchKind.CLICK ? CLICK_LEAD : VIEW_LEAD;
      add(
          Topics.TOUCHES,
          new OnlineTouch(
              id + "-t" + t,
              enteredAt.minus(Duration.ofMinutes(1)).minus(within(lead)),
              customer,
              kind,
              (t % 2 == 0 ? other : campaign).campaignId(),
              kind == TouchKind.PRODUCT_VIEW ? item().sku() : null));
    }
    for (int s = 0; s < 2; s++) {
      add(
          Topics.TOUCHES,
          new OnlineTouch(
              id + "-s" + s,
              enteredAt.minus(within(VIEW_LEAD)),
              customers.get(random.nextInt(customers.size())),
              TouchKind.IMPRESSION,
              campaigns.get(random.nextInt(campaigns.size())).campaignId(),
              null));
    }

    add(
        Topics.DOOR_COUNTS,
        new DoorCount(
            id + "-d",
            enteredAt,
            store.id(),
            store.id() + "-door",
            1 + random.nextInt(3),
            random.nextInt(3)));
    String visitId = id + "-v";
    add(
        Topics.VISITS,
        new Visit(visitId, customer, store.id(), enteredAt, enteredAt, VisitStatus.OPEN, 2),
        enteredAt);
    add(
        Topics.VISITS,
        new Visit(
            visitId,
            customer,
            store.id(),
            enteredAt,
            leftAt,
            VisitStatus.CLOSED,
            2 + Duration.between(enteredAt, leftAt).toSeconds() / 10),
        leftAt);

    Offer offer = null;
    if (!campaign.holdsOut(customer) && random.nextBoolean()) {
      Instant issuedAt = enteredAt.plusSeconds(5);
      offer =
          new Offer(
              id + "-o",
              customer,
              store.id(),
              visitId,
              item().sku(),
              campaign.campaignId(),
              campaign.benefit(),
              id.toUpperCase(Locale.ROOT) + "-CODE",
              "arrival",
              issuedAt,
              issuedAt.plus(config.engagement().offerValidity()));
      add(Topics.OFFERS, offer, issuedAt);
    }
    if (random.nextBoolean()) {
      Instant soldAt =
          enteredAt.plusSeconds(
              10 + random.nextLong(leftAt.getEpochSecond() - enteredAt.getEpochSecond() - 10));
      CatalogueItem item = offer == null ? item() : itemOf(offer.sku());
      boolean redeemed = offer != null && random.nextInt(5) < 3;
      PosSale sale =
          new PosSale(
              id + "-p",
              soldAt,
              store.id(),
              id + "-r",
              item.sku(),
              1 + random.nextInt(2),
              item.price(),
              config.catalogue().currency(),
              customer,
              redeemed ? offer.code() : null);
      add(Topics.SALES, sale);
      if (redeemed) {
        add(
            Topics.REDEMPTIONS,
            new Redemption(
                Redemption.idOf(sale),
                offer.code(),
                offer.offerId(),
                offer.campaignId(),
                customer,
                store.id(),
                sale.eventId(),
                sale.receiptId(),
                sale.sku(),
                Redemption.Outcome.ACCEPTED,
                null,
                soldAt,
                offer.benefit()),
            soldAt);
      }
    }
    if (random.nextInt(10) == 0) {
      CatalogueItem item = item();
      add(
          Topics.ORDERS,
          new OrderPlaced(
              id + "-order",
              enteredAt.minus(within(Duration.ofDays(1))),
              id + "-order",
              customer,
              Fulfilment.CLICK_AND_COLLECT,
              store.id(),
              config.catalogue().currency(),
              List.of(new OrderLine(item.sku(), 1, item.price())),
              null,
              null,
              null));
    }
    if (random.nextBoolean()) {
      CatalogueItem item = item();
      add(
          Topics.SALES,
          new PosSale(
              id + "-a",
              enteredAt.plus(within(Duration.ofMinutes(30))),
              store.id(),
              id + "-ar",
              item.sku(),
              1,
              item.price(),
              config.catalogue().currency(),
              null,
              null));
    }
  }

  private <V extends Event> void add(Topic<V> topic, V event) {
    add(topic, event, event.occurredAt());
  }

  private <V> void add(Topic<V> topic, V value, Instant at) {
    events.add(new Generated<>(topic, value, at));
  }

  private Duration within(Duration span) {
    return Duration.ofSeconds(random.nextLong(span.toSeconds()));
  }

  private CatalogueItem item() {
    List<CatalogueItem> items = config.catalogue().items();
    return items.get(random.nextInt(items.size()));
  }

  private CatalogueItem itemOf(String sku) {
    return config.catalogue().items().stream()
        .filter(item -> item.sku().equals(sku))
        .findFirst()
        .orElseThrow();
  }
}
