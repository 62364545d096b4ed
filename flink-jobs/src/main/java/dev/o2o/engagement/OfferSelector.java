package dev.o2o.engagement;

import dev.o2o.config.Catalogue;
import dev.o2o.config.CatalogueItem;
import dev.o2o.config.EngagementSettings;
import dev.o2o.config.EngineConfig;
import dev.o2o.config.FrequencyCap;
import dev.o2o.config.StoreConfig;
import dev.o2o.contract.Benefit;
import dev.o2o.contract.Campaign;
import dev.o2o.contract.CampaignBudget;
import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.Json;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Visit;
import dev.o2o.contract.VisitStatus;
import dev.o2o.jobs.VisitSerializer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Picks at most one arrival offer when a customer's visit opens (keyed by customer id). It keeps
 * the member's {@link CustomerProfile} from membership updates, online touches, purchases in stores
 * and online, visits, the offers it issues and the bonus points of redeemed offers, and sends it to
 * {@link #PROFILES} after every change; and it keeps the campaigns as broadcast state, so marketing
 * can change them while the job runs. Guardrails come first and fail closed: no consent known, an
 * offer within the cooldown, a frequency cap reached in any of its windows, or the store's local
 * quiet hours mean no offer; a campaign takes part only for the members of its audience, and no
 * further once it gave the member its {@code maxOffersPerMember} offers. Candidates are what the
 * customer carted, what goes with what they bought, what they viewed, and what running campaigns
 * promote; only skus in stock in that store survive, and the best scored wins. Offer id and code
 * derive from the visit id, so a replay issues the same offer, which the gateway then drops as a
 * repeat.
 *
 * <p>When the stock is {@link StockLookup#isRemote() remote}, the task does not wait for its
 * answer: the question goes to a thread of the selector's own, which asks the questions of many
 * arrivals in one round trip ({@link StockQuestions}), the arrival waits in keyed state as a {@link
 * PendingOffer}, and the task goes on with other customers. A processing-time timer of the customer
 * looks every {@value #POLL_MILLIS} milliseconds for the answer and then decides, on the profile as
 * it was when the customer arrived. Meanwhile the customer's other signals reach the profile at
 * once, and the offer joins them when it is decided; a further arrival waits its turn, so a
 * customer's offers are decided one after the other and each sees the ones before it (cooldown,
 * caps). A checkpoint keeps the pending arrival, the arrivals behind it and its timer; after a
 * restore the timer asks again.
 */
public final class OfferSelector
    extends KeyedBroadcastProcessFunction<String, CustomerSignal, CampaignUpdate, Offer> {
  public static final MapStateDescriptor<String, Campaign> CAMPAIGNS =
      new MapStateDescriptor<>("campaigns", String.class, Campaign.class);

  /** The latest known budget use of each campaign, as {@link CampaignBudgetKeeper} reports it. */
  public static final MapStateDescriptor<String, CampaignBudget> BUDGETS =
      new MapStateDescriptor<>("campaign-budgets", String.class, CampaignBudget.class);

  static final ValueStateDescriptor<CustomerProfile> PROFILE =
      new ValueStateDescriptor<>("profile", CustomerProfileSerializer.INSTANCE);

  static final ValueStateDescriptor<PendingOffer> PENDING =
      new ValueStateDescriptor<>("pending-offer", PendingOfferSerializer.INSTANCE);

  /** Arrivals waiting for the customer's pending offer to be decided, in their order. */
  static final ListStateDescriptor<Visit> WAITING =
      new ListStateDescriptor<>("arrivals-behind-pending-offer", VisitSerializer.INSTANCE);

  /**
   * How often a pending offer looks for its stock answer. Every pending customer looks at the same
   * instants, the multiples of this, so one firing of the task's timers serves all of them. Flink
   * fires the timers of one instant per firing: with a timer per millisecond of every customer, a
   * task whose firings came late under load fell behind a millisecond per firing, and its arrivals
   * waited seconds for answers that had long come.
   *
   * <p>For the same reason a poll is registered at the one instant the task polls next ({@link
   * PollInstants}), not at the next multiple after now: Flink fires the instants of the timer queue
   * one at a time, each after a hop through the timer thread and the task's mailbox. When the
   * machine was busy a hop took longer than {@value #POLL_MILLIS} ms, and with one instant per
   * multiple the task's timers fell further behind the clock, by seconds at 1,000 arrivals/s, while
   * the task idled between hops and its customers' answers had long come.
   */
  static final long POLL_MILLIS = 5;

  /** The member's profile after every change, for the state store. */
  public static final OutputTag<MemberProfile> PROFILES =
      new OutputTag<>("member-profiles", TypeInformation.of(MemberProfile.class));

  /** What an offer without a campaign gives: it only points the customer to an item. */
  private static final Benefit NO_BENEFIT = Benefit.percentOff(0);

  private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int CODE_LENGTH = 8;

  /**
   * An arrival whose offer waits for the store's stock: the visit, and the profile as it was before
   * the visit, on which the offer is decided.
   */
  public record PendingOffer(Visit arrival, CustomerProfile before) {}

  /** Why a sku is a candidate, with its weight; the campaign benefit is added on top. */
  enum Motive {
    CARTED(30, "in your cart online"),
    GOES_WITH_PURCHASE(20, "goes with what you bought"),
    VIEWED(10, "you looked at it online"),
    PROMOTED(0, "on promotion");

    final int weight;
    final String reason;

    Motive(int weight, String reason) {
      this.weight = weight;
      this.reason = reason;
    }
  }

  private final EngagementSettings settings;
  private final Catalogue catalogue;
  private final Map<String, ZoneId> storeTimeZones;
  private final List<String> configuredCampaigns;
  private final StockLookup stock;
  private transient ValueState<CustomerProfile> profile;
  private transient ValueState<PendingOffer> pending;
  private transient ListState<Visit> waiting;
  private transient Map<String, CatalogueItem> items;
  private transient List<Campaign> campaigns;
  private transient StockQuestions questions;
  private transient Map<String, CompletableFuture<Set<String>>> answers;

  /** The instant at which the task polls next; every pending customer polls then. */
  private transient PollInstants polls;

  public OfferSelector(EngineConfig config, StockLookup stock) {
    this.settings = config.engagement();
    this.catalogue = config.catalogue();
    this.storeTimeZones =
        new HashMap<>(
            config.stores().stream()
                .collect(Collectors.toMap(StoreConfig::id, StoreConfig::timeZone)));
    // Contract records are not Serializable; the configured campaigns travel as their JSON.
    this.configuredCampaigns =
        new ArrayList<>(config.campaigns().stream().map(Json::encodeToString).toList());
    this.stock = stock;
  }

  @Override
  public void open(OpenContext context) {
    profile = getRuntimeContext().getState(PROFILE);
    pending = getRuntimeContext().getState(PENDING);
    waiting = getRuntimeContext().getListState(WAITING);
    items = catalogue.bySku();
    campaigns =
        configuredCampaigns.stream().map(json -> Json.decode(json, Campaign.class)).toList();
    answers = new HashMap<>();
    polls = new PollInstants(POLL_MILLIS);
    if (stock.isRemote()) {
      questions =
          new StockQuestions(
              stock,
              "offer-stock-lookup-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    }
  }

  @Override
  public void close() throws Exception {
    if (questions != null) {
      questions.close();
    }
    super.close();
  }

  @Override
  public void processBroadcastElement(CampaignUpdate update, Context ctx, Collector<Offer> out)
      throws Exception {
    if (update.defined() != null) {
      Campaign campaign = update.defined().campaign();
      ctx.getBroadcastState(CAMPAIGNS).put(campaign.campaignId(), campaign);
      return;
    }
    // Committed spend only grows; a status replayed or overtaken by a newer one changes nothing.
    BroadcastState<String, CampaignBudget> budgets = ctx.getBroadcastState(BUDGETS);
    CampaignBudget known = budgets.get(update.budget().campaignId());
    if (known == null || update.budget().committed().compareTo(known.committed()) > 0) {
      budgets.put(update.budget().campaignId(), update.budget());
    }
  }

  @Override
  public void processElement(CustomerSignal signal, ReadOnlyContext ctx, Collector<Offer> out)
      throws Exception {
    if (signal.arrival() != null && pending.value() != null) {
      waiting.add(signal.arrival());
      return;
    }
    apply(signal, ctx, out);
  }

  /**
   * Learns from the signal; an opening visit also gets its offer, at once when the stock answers at
   * once, else when {@link #onTimer} finds the answer. Returns whether the customer now waits for
   * that answer.
   */
  private boolean apply(CustomerSignal signal, ReadOnlyContext ctx, Collector<Offer> out)
      throws Exception {
    CustomerProfile current =
        Optional.ofNullable(profile.value()).orElse(CustomerProfile.unknown());
    CustomerProfile next = learn(current, signal);
    if (signal.arrival() != null && signal.arrival().status() == VisitStatus.OPEN) {
      Visit arrival = signal.arrival();
      Optional<Choice> choice = candidatesFor(arrival, current, campaigns(ctx));
      if (choice.isPresent()) {
        CompletableFuture<Set<String>> answer = ask(arrival.storeId(), choice.get());
        if (answer.isDone()) {
          next = withOffer(next, choice.get().best(answer.join()), out);
        } else {
          answers.put(ctx.getCurrentKey(), answer);
          pending.update(new PendingOffer(arrival, current));
          pollSoon(ctx);
          keep(current, next, ctx);
          return true;
        }
      }
    }
    keep(current, next, ctx);
    return false;
  }

  /** Looks for the customer's stock answer at the task's next poll. */
  private void pollSoon(ReadOnlyContext ctx) {
    ctx.timerService()
        .registerProcessingTimeTimer(polls.next(ctx.timerService().currentProcessingTime()));
  }

  private CompletableFuture<Set<String>> ask(String storeId, Choice choice) {
    Set<String> skus = choice.candidates().keySet();
    if (questions == null) {
      return CompletableFuture.completedFuture(stock.inStock(storeId, skus));
    }
    return questions.ask(storeId, skus);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Offer> out) throws Exception {
    polls.firing(timestamp);
    PendingOffer waitingOffer = pending.value();
    if (waitingOffer == null) {
      return;
    }
    String customer = ctx.getCurrentKey();
    CompletableFuture<Set<String>> answer = answers.get(customer);
    // Most polls find the store's answer still under way: they cost a map lookup, no more.
    if (answer != null && !answer.isDone()) {
      pollSoon(ctx);
      return;
    }
    Visit arrival = waitingOffer.arrival();
    Optional<Choice> choice = candidatesFor(arrival, waitingOffer.before(), campaigns(ctx));
    if (answer == null && choice.isPresent()) {
      // Restored from a checkpoint while the question was under way: ask again.
      answer = ask(arrival.storeId(), choice.get());
      answers.put(customer, answer);
      if (!answer.isDone()) {
        pollSoon(ctx);
        return;
      }
    }
    answers.remove(customer);
    pending.clear();
    CustomerProfile current = profile.value();
    if (choice.isPresent()) {
      keep(current, withOffer(current, choice.get().best(answer.join()), out), ctx);
    }
    List<Visit> behind = new ArrayList<>();
    waiting.get().forEach(behind::add);
    waiting.clear();
    for (int i = 0; i < behind.size(); i++) {
      if (apply(CustomerSignal.of(behind.get(i)), ctx, out)) {
        // The next arrival waits for its answer in turn; the rest wait behind it.
        waiting.update(behind.subList(i + 1, behind.size()));
        return;
      }
    }
  }

  private CustomerProfile withOffer(
      CustomerProfile customer, Optional<Offer> offer, Collector<Offer> out) {
    if (offer.isEmpty()) {
      return customer;
    }
    out.collect(offer.get());
    return customer.withOffer(offer.get(), settings.offerMemory(), settings.offersRemembered());
  }

  private void keep(CustomerProfile current, CustomerProfile next, ReadOnlyContext ctx)
      throws Exception {
    if (!next.equals(current)) {
      profile.update(next);
      ctx.output(PROFILES, next.view(ctx.getCurrentKey()));
    }
  }

  private CustomerProfile learn(CustomerProfile current, CustomerSignal signal) {
    if (signal.profile() != null) {
      CustomerUpdated update = signal.profile();
      return current.withMembership(update.offerConsent(), update.tier(), update.occurredAt());
    } else if (signal.touch() != null && signal.touch().sku() != null) {
      return remember(current, signal.touch());
    } else if (signal.purchase() != null) {
      return current.withSale(signal.purchase(), settings::pointsFor);
    } else if (signal.order() != null) {
      return current.withOrder(signal.order(), settings::pointsFor);
    } else if (signal.redemption() != null) {
      return current.withBonusPoints(signal.redemption());
    } else if (signal.arrival() != null && signal.arrival().status() == VisitStatus.OPEN) {
      return current.withVisit(signal.arrival());
    }
    return current;
  }

  private static CustomerProfile remember(CustomerProfile current, OnlineTouch touch) {
    return switch (touch.kind()) {
      case ADD_TO_CART -> current.withCarted(touch.sku(), touch.occurredAt());
      case ADD_TO_WISHLIST -> current.withWished(touch.sku(), touch.occurredAt());
      default -> current.withViewed(touch.sku(), touch.occurredAt());
    };
  }

  private Map<String, Campaign> campaigns(ReadOnlyContext ctx) throws Exception {
    Map<String, Campaign> effective = new LinkedHashMap<>();
    campaigns.forEach(c -> effective.put(c.campaignId(), c));
    ReadOnlyBroadcastState<String, Campaign> defined = ctx.getBroadcastState(CAMPAIGNS);
    for (Map.Entry<String, Campaign> entry : defined.immutableEntries()) {
      effective.put(entry.getKey(), entry.getValue());
    }
    ReadOnlyBroadcastState<String, CampaignBudget> budgets = ctx.getBroadcastState(BUDGETS);
    for (Map.Entry<String, CampaignBudget> entry : budgets.immutableEntries()) {
      Campaign campaign = effective.get(entry.getKey());
      // The campaign's own, latest budget decides, so raising it lifts the stop at once.
      if (campaign != null
          && campaign.budget() != null
          && entry.getValue().committed().compareTo(campaign.budget()) >= 0) {
        effective.remove(entry.getKey());
      }
    }
    return effective;
  }

  /**
   * What an arrival may be offered before the store's stock is known: the candidates of a customer
   * who passes the guardrails, with the campaigns running for them; none when no offer may go out.
   */
  private Optional<Choice> candidatesFor(
      Visit visit, CustomerProfile customer, Map<String, Campaign> campaigns) {
    Instant at = visit.lastSeenAt();
    if (!Boolean.TRUE.equals(customer.offerConsent())) {
      return Optional.empty();
    }
    if (customer.lastOfferAt() != null
        && at.isBefore(customer.lastOfferAt().plus(settings.offerCooldown()))) {
      return Optional.empty();
    }
    for (FrequencyCap cap : settings.frequencyCaps()) {
      if (customer.offersWithin(cap.window(), at) >= cap.max()) {
        return Optional.empty();
      }
    }
    ZoneId timeZone = storeTimeZones.get(visit.storeId());
    if (timeZone == null || settings.isQuiet(LocalTime.ofInstant(at, timeZone))) {
      return Optional.empty();
    }
    List<Campaign> running =
        campaigns.values().stream()
            .filter(c -> c.runsAt(at))
            .filter(c -> !c.holdsOut(visit.customerId()))
            .filter(c -> c.allowsAnotherOffer(customer.offersOf(c.campaignId())))
            .filter(c -> c.isFor(customer.tier(), customer.segment(at), customer.hasPurchased()))
            .toList();
    Map<String, Motive> candidates = candidates(customer, running);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Choice(visit, candidates, running));
  }

  /** An arrival's candidates and the campaigns running for the customer. */
  private final class Choice {
    private final Visit visit;
    private final Map<String, Motive> candidates;
    private final List<Campaign> running;

    Choice(Visit visit, Map<String, Motive> candidates, List<Campaign> running) {
      this.visit = visit;
      this.candidates = candidates;
      this.running = running;
    }

    Map<String, Motive> candidates() {
      return candidates;
    }

    /** The best scored candidate among those in stock, as the arrival's offer. */
    Optional<Offer> best(Set<String> inStock) {
      Instant at = visit.lastSeenAt();
      return candidates.entrySet().stream()
          .filter(candidate -> inStock.contains(candidate.getKey()))
          .max(Comparator.comparingInt(candidate -> score(candidate, running)))
          .map(
              best ->
                  offer(
                      visit, at, best.getKey(), best.getValue(), benefit(best.getKey(), running)));
    }
  }

  private int score(Map.Entry<String, Motive> candidate, List<Campaign> running) {
    String sku = candidate.getKey();
    int percentOff = benefit(sku, running).map(c -> effectivePercent(c, sku).intValue()).orElse(0);
    return candidate.getValue().weight + percentOff;
  }

  /** The share of the sku's shelf price the campaign's benefit gives, points at their value. */
  private BigDecimal effectivePercent(Campaign campaign, String sku) {
    return campaign.benefit().percentOf(items.get(sku).price(), settings.policy().pointValue());
  }

  /** Candidate skus with their strongest motive, strongest motives first. */
  private Map<String, Motive> candidates(CustomerProfile customer, List<Campaign> running) {
    Map<String, Motive> candidates = new LinkedHashMap<>();
    customer.carted().forEach(sku -> candidates.putIfAbsent(sku, Motive.CARTED));
    customer.purchased().stream()
        .flatMap(sku -> catalogue.crossSellOf(sku).stream())
        .filter(sku -> !customer.purchased().contains(sku))
        .forEach(sku -> candidates.putIfAbsent(sku, Motive.GOES_WITH_PURCHASE));
    customer.viewed().forEach(sku -> candidates.putIfAbsent(sku, Motive.VIEWED));
    for (Campaign campaign : running) {
      items.values().stream()
          .filter(item -> campaign.categories().contains(item.category()))
          .forEach(item -> candidates.putIfAbsent(item.sku(), Motive.PROMOTED));
    }
    candidates.keySet().retainAll(items.keySet());
    return candidates;
  }

  /**
   * The running campaign whose benefit is worth most on the sku, as a share of its shelf price, if
   * any covers its category.
   */
  private Optional<Campaign> benefit(String sku, List<Campaign> running) {
    String category = items.get(sku).category();
    return running.stream()
        .filter(c -> c.categories().contains(category))
        .max(
            Comparator.comparing((Campaign c) -> effectivePercent(c, sku))
                .thenComparing(Campaign::campaignId));
  }

  private Offer offer(
      Visit visit, Instant at, String sku, Motive motive, Optional<Campaign> campaign) {
    String offerId = "offer-" + visit.visitId();
    String reason =
        motive == Motive.PROMOTED
            ? campaign.map(Campaign::name).orElse(motive.reason)
            : motive.reason;
    return new Offer(
        offerId,
        visit.customerId(),
        visit.storeId(),
        visit.visitId(),
        sku,
        campaign.map(Campaign::campaignId).orElse(null),
        campaign.map(Campaign::benefit).orElse(NO_BENEFIT),
        code(offerId),
        reason,
        at,
        at.plus(settings.offerValidity()));
  }

  /** A short code for the till, stable for the offer; without easily confused letters. */
  static String code(String offerId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(offerId.getBytes(StandardCharsets.UTF_8));
      StringBuilder code = new StringBuilder(CODE_LENGTH);
      for (int i = 0; i < CODE_LENGTH; i++) {
        code.append(CODE_ALPHABET[(digest[i] & 0xff) % CODE_ALPHABET.length]);
      }
      return code.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
