package dev.o2o.simulator;

import dev.o2o.config.Beacon;
import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.BeaconSighting;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.Coordinates;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.DoorCount;
import dev.o2o.contract.Event;
import dev.o2o.contract.Fulfilment;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderCancelled;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPickedUp;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.OrderRejected;
import dev.o2o.contract.OrderShipped;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.StockCounted;
import dev.o2o.contract.StockReceived;
import dev.o2o.contract.StoreChannel;
import dev.o2o.contract.Topic;
import dev.o2o.contract.Topics;
import dev.o2o.contract.TouchKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a brand's day against a running engine, embedded or deployed: customers browse online and
 * are touched by campaigns (Kafka, as the online shop would), some walk into stores where beacons
 * see their phones, first at the door and then in one zone further in, and they buy at the till
 * (MQTT, as each store's gateway would, with its own credentials), orders are placed for click and
 * collect or shipping, stock is restocked, and the customers' phones listen for their arrival
 * offers.
 */
public final class StoreSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreSimulator.class);
  private static final int MAX_PHONES = 200;

  /** Sightings of a walking-in customer by the door's beacon before they move further in. */
  private static final int SIGHTINGS_AT_THE_DOOR = 2;

  private final EngineConfig config;
  private final Random random;
  private final List<String> customers = new ArrayList<>();
  private final List<CatalogueItem> items;
  private final Map<String, List<String>> viewed = new HashMap<>();
  private final Map<String, Long> inStoreUntil = new HashMap<>();
  private final StoreGateways stores;
  private final Phones phones;
  private final KafkaProducer<String, byte[]> shop;
  private final ScheduledExecutorService clock =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "o2o-simulator");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong arrivals = new AtomicLong();
  private double actionBudget;

  private StoreSimulator(EngineConfig config) throws Exception {
    this.config = config;
    this.random = new Random(config.simulator().seed());
    this.items = config.catalogue().items();
    for (int i = 1; i <= config.simulator().customers(); i++) {
      customers.add(String.format("c-%05d", i));
    }
    this.stores = new StoreGateways(config);
    this.phones =
        new Phones(
            config,
            MAX_PHONES,
            offer -> {
              LOG.info(
                  "phone {} got offer {} on {} at {}",
                  offer.customerId(),
                  offer.benefit().describe(),
                  offer.sku(),
                  offer.storeId());
              clock.schedule(() -> maybeRedeem(offer), 3, TimeUnit.SECONDS);
            });
    this.shop =
        new KafkaProducer<>(
            config
                .kafka()
                .clientConfig(
                    Map.of(
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5)),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Seeds customers and stock, then plays traffic at the configured rate until closed. */
  public static StoreSimulator start(EngineConfig config) throws Exception {
    StoreSimulator simulator = new StoreSimulator(config);
    simulator.seed();
    simulator.clock.scheduleAtFixedRate(simulator::tick, 100, 100, TimeUnit.MILLISECONDS);
    return simulator;
  }

  /** Tells the engine who the customers are and counts every location's stock. */
  private void seed() {
    double consent = config.simulator().consentShare();
    for (String customer : customers) {
      String tier = random.nextDouble() < 0.2 ? "gold" : "member";
      send(
          Topics.CUSTOMERS,
          new CustomerUpdated(id(), Instant.now(), customer, tier, random.nextDouble() < consent));
    }
    List<String> locations = new ArrayList<>();
    config.stores().forEach(s -> locations.add(s.id()));
    locations.add(config.warehouse().id());
    for (String location : locations) {
      for (CatalogueItem item : items) {
        int onHand = location.equals(config.warehouse().id()) ? 200 : 5 + random.nextInt(30);
        send(Topics.STOCK, new StockCounted(id(), Instant.now(), location, item.sku(), onHand));
      }
    }
    shop.flush();
  }

  private void tick() {
    try {
      actionBudget += config.simulator().eventsPerSecond() / 10.0;
      while (actionBudget >= 1) {
        actionBudget -= 1;
        act();
      }
    } catch (RuntimeException e) {
      LOG.warn("simulator step failed: {}", e.toString());
    }
  }

  private void act() {
    double roll = random.nextDouble();
    if (roll < 0.30) {
      browse();
    } else if (roll < 0.50) {
      campaignTouch();
    } else if (roll < 0.62) {
      walkIn();
    } else if (roll < 0.75) {
      doorCount();
    } else if (roll < 0.87) {
      onlineOrder();
    } else if (roll < 0.95) {
      anonymousSale();
    } else {
      restock();
    }
  }

  private void browse() {
    String customer = pick(customers);
    CatalogueItem item = pick(items);
    viewed.computeIfAbsent(customer, c -> new ArrayList<>()).add(item.sku());
    TouchKind kind = random.nextDouble() < 0.2 ? TouchKind.ADD_TO_CART : TouchKind.PRODUCT_VIEW;
    send(Topics.TOUCHES, new OnlineTouch(id(), Instant.now(), customer, kind, null, item.sku()));
  }

  private void campaignTouch() {
    if (config.campaigns().isEmpty()) {
      browse();
      return;
    }
    Campaign campaign = pick(config.campaigns());
    TouchKind kind = random.nextDouble() < 0.35 ? TouchKind.CLICK : TouchKind.IMPRESSION;
    send(
        Topics.TOUCHES,
        new OnlineTouch(id(), Instant.now(), pick(customers), kind, campaign.campaignId(), null));
  }

  /** A customer walks in: the door counts them, beacons see them for a while, and they may buy. */
  private void walkIn() {
    String customer = pick(customers);
    long now = System.currentTimeMillis();
    if (inStoreUntil.getOrDefault(customer, 0L) > now) {
      return;
    }
    StoreConfig store = pick(config.stores());
    if (store.beacons().isEmpty()) {
      return;
    }
    int sightings = 3 + random.nextInt(6);
    long spacingMs = 2_000;
    inStoreUntil.put(
        customer, now + sightings * spacingMs + config.engagement().exitAfter().toMillis());
    arrivals.incrementAndGet();
    try {
      phones.ensureConnected(customer);
    } catch (Exception e) {
      LOG.warn("phone of {} could not connect: {}", customer, e.toString());
    }
    stores.publish(
        store.id(),
        StoreChannel.DOOR,
        new DoorCount(id(), Instant.now(), store.id(), "main", 1, 0));
    sent.incrementAndGet();
    List<Beacon> route = route(store);
    for (int i = 0; i < sightings; i++) {
      Beacon beacon = route.get(Math.min(i / SIGHTINGS_AT_THE_DOOR, route.size() - 1));
      int rssi = -50 - random.nextInt(25);
      clock.schedule(
          () ->
              publishStore(
                  store.id(),
                  StoreChannel.BEACONS,
                  new BeaconSighting(id(), Instant.now(), store.id(), beacon.id(), customer, rssi)),
          i * spacingMs,
          TimeUnit.MILLISECONDS);
    }
    if (random.nextDouble() < 0.45) {
      List<String> seen = viewed.getOrDefault(customer, List.of());
      String sku = !seen.isEmpty() && random.nextBoolean() ? pick(seen) : pick(items).sku();
      CatalogueItem item = config.catalogue().item(sku).orElseThrow();
      clock.schedule(
          () ->
              publishStore(
                  store.id(),
                  StoreChannel.SALES,
                  new PosSale(
                      id(),
                      Instant.now(),
                      store.id(),
                      "r-" + id().substring(0, 8),
                      sku,
                      1,
                      item.price(),
                      config.catalogue().currency(),
                      customer,
                      null)),
          (sightings - 1) * spacingMs,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Half the customers who got an offer buy the item with it at the till; now and then a till tries
   * the same code again, which the engine refuses.
   */
  private void maybeRedeem(Offer offer) {
    try {
      if (random.nextDouble() < 0.5) {
        redeem(offer);
        if (random.nextDouble() < 0.1) {
          redeem(offer);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("redeeming offer {} failed: {}", offer.offerId(), e.toString());
    }
  }

  private void redeem(Offer offer) {
    CatalogueItem item = config.catalogue().item(offer.sku()).orElseThrow();
    // Bonus points are credited to the member, not taken off the price at the till.
    BigDecimal price =
        item.price()
            .subtract(offer.benefit().valueOn(item.price(), null))
            .setScale(2, RoundingMode.HALF_UP);
    publishStore(
        offer.storeId(),
        StoreChannel.SALES,
        new PosSale(
            id(),
            Instant.now(),
            offer.storeId(),
            "r-" + id().substring(0, 8),
            offer.sku(),
            1,
            price,
            config.catalogue().currency(),
            offer.customerId(),
            offer.code()));
  }

  /**
   * Where a customer walks: in by the store's first beacon (the door), then to the zone of one
   * other beacon, where they stay.
   */
  private List<Beacon> route(StoreConfig store) {
    List<Beacon> beacons = store.beacons();
    Beacon door = beacons.get(0);
    List<Beacon> inside =
        beacons.stream().filter(beacon -> !beacon.zone().equals(door.zone())).toList();
    return inside.isEmpty() ? List.of(door) : List.of(door, pick(inside));
  }

  private void doorCount() {
    StoreConfig store = pick(config.stores());
    int entries = 1 + random.nextInt(4);
    publishStore(
        store.id(),
        StoreChannel.DOOR,
        new DoorCount(
            id(), Instant.now(), store.id(), "main", entries, random.nextInt(entries + 1)));
  }

  private void anonymousSale() {
    StoreConfig store = pick(config.stores());
    CatalogueItem item = pick(items);
    publishStore(
        store.id(),
        StoreChannel.SALES,
        new PosSale(
            id(),
            Instant.now(),
            store.id(),
            "r-" + id().substring(0, 8),
            item.sku(),
            1,
            item.price(),
            config.catalogue().currency(),
            null,
            null));
  }

  private void onlineOrder() {
    String customer = pick(customers);
    String orderId = "o-" + id().substring(0, 12);
    boolean collect = random.nextBoolean();
    String storeId = collect ? pick(config.stores()).id() : null;
    CatalogueItem item = pick(items);
    List<OrderLine> lines = List.of(new OrderLine(item.sku(), 1, item.price()));
    // Parcels go to homes around the stores' cities; one order in five is placed by an associate
    // on a shop floor with the customer.
    StoreConfig near = pick(config.stores());
    Coordinates shipTo =
        collect
            ? null
            : new Coordinates(
                near.location().latitude() + (random.nextDouble() - 0.5) * 0.3,
                near.location().longitude() + (random.nextDouble() - 0.5) * 0.3);
    StoreConfig assisting = random.nextInt(5) == 0 ? pick(config.stores()) : null;
    send(
        Topics.ORDERS,
        new OrderPlaced(
            id(),
            Instant.now(),
            orderId,
            customer,
            collect ? Fulfilment.CLICK_AND_COLLECT : Fulfilment.SHIP,
            storeId,
            config.catalogue().currency(),
            lines,
            shipTo,
            assisting == null ? null : "a-" + assisting.id() + "-" + (1 + random.nextInt(5)),
            assisting == null ? null : assisting.id()));
    double outcome = random.nextDouble();
    if (collect && outcome < 0.05) {
      later(
          5,
          () ->
              send(
                  Topics.ORDERS,
                  new OrderRejected(id(), Instant.now(), orderId, storeId, "no staff to pick")));
    }
    if (outcome < 0.15) {
      later(10, () -> send(Topics.ORDERS, new OrderCancelled(id(), Instant.now(), orderId)));
    } else if (collect) {
      later(
          20, () -> send(Topics.ORDERS, new OrderPickedUp(id(), Instant.now(), orderId, storeId)));
    } else {
      later(15, () -> send(Topics.ORDERS, new OrderShipped(id(), Instant.now(), orderId)));
    }
  }

  private void restock() {
    List<String> locations = new ArrayList<>();
    config.stores().forEach(s -> locations.add(s.id()));
    String location = pick(locations);
    send(
        Topics.STOCK,
        new StockReceived(
            id(), Instant.now(), location, pick(items).sku(), 5 + random.nextInt(15)));
  }

  private void later(int seconds, Runnable action) {
    clock.schedule(action, seconds, TimeUnit.SECONDS);
  }

  private void publishStore(String storeId, StoreChannel channel, Event event) {
    try {
      stores.publish(storeId, channel, event);
      sent.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
  }

  private <V> void send(Topic<V> topic, V value) {
    shop.send(new ProducerRecord<>(topic.name(), topic.keyOf(value), topic.encode(value)));
    sent.incrementAndGet();
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  /** A one-line summary for the console. */
  public String status() {
    return String.format(
        "simulator: %d events sent, %d store arrivals, %d offers received on phones",
        sent.get(), arrivals.get(), phones.received());
  }

  @Override
  public void close() {
    clock.shutdownNow();
    try {
      clock.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shop.close();
    stores.close();
    phones.close();
  }
}
