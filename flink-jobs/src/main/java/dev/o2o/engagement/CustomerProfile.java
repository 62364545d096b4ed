package dev.o2o.engagement;

import dev.o2o.contract.CustomerSegment;
import dev.o2o.contract.MemberProfile;
import dev.o2o.contract.MemberProfile.PointsEntry;
import dev.o2o.contract.MemberProfile.Purchase;
import dev.o2o.contract.MemberProfile.StoreVisit;
import dev.o2o.contract.Offer;
import dev.o2o.contract.OrderLine;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.PurchaseChannel;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Visit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Everything the engagement job knows about one member, across channels: consent and tier from the
 * membership system; the points balance and ledger, total spend and purchases from the tills and
 * the online shop; the skus viewed, carted and wished for online; recent store visits; and the last
 * offer issued, with the times of the latest offers (for the frequency caps) and how many offers
 * each recent campaign gave the member (for its per-member cap). Consent is {@code null} until the
 * membership system said something, and no offer is made without it. A purchase earns points once,
 * and so does a redeemed offer's bonus: the ledger reference ({@code pos:<eventId>}, {@code
 * order:<orderId>} or {@code offer:<offerId>}) is looked up among the last {@value #LEDGER}
 * entries, so a redelivered sale, order or redemption changes nothing. {@link #view} is what the
 * state store serves.
 */
public record CustomerProfile(
    Boolean offerConsent,
    String tier,
    long points,
    BigDecimal spent,
    List<PointsEntry> ledger,
    List<Purchase> purchases,
    List<String> carted,
    List<String> viewed,
    List<String> wishlist,
    List<StoreVisit> visits,
    Offer lastOffer,
    List<Instant> offerTimes,
    List<CampaignOffers> campaignOffers,
    Instant updatedAt) {
  /** How many skus of each kind are remembered, newest first. */
  static final int RECENT = 10;

  /** How many purchased lines are remembered, newest first. */
  static final int PURCHASES = 20;

  /** How many store visits are remembered, newest first. */
  static final int VISITS = 10;

  /** How many earnings the ledger keeps, and so how far back a repeated purchase is recognised. */
  static final int LEDGER = 50;

  /**
   * Of how many campaigns the member's offer count is kept, most recently offered first; a campaign
   * pushed out by newer ones starts from zero again for its per-member cap.
   */
  static final int CAMPAIGNS = 20;

  /** How many offers of one campaign the member got, and when the latest. */
  public record CampaignOffers(String campaignId, int offers, Instant lastOfferAt) {}

  public static CustomerProfile unknown() {
    return new CustomerProfile(
        null,
        null,
        0,
        BigDecimal.ZERO,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        List.of(),
        List.of(),
        null);
  }

  /** The skus bought recently, newest first, each once. */
  List<String> purchased() {
    return purchases.stream().map(Purchase::sku).distinct().toList();
  }

  /** Whether the member bought anything yet, in a store or online. */
  boolean hasPurchased() {
    return !purchases.isEmpty() || !ledger.isEmpty();
  }

  /** The member's segment as of {@code asOf}. */
  CustomerSegment segment(Instant asOf) {
    return CustomerSegment.of(spent, lastPurchaseAt(), asOf);
  }

  private Instant lastPurchaseAt() {
    return purchases.stream()
        .map(Purchase::purchasedAt)
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  Instant lastOfferAt() {
    return lastOffer == null ? null : lastOffer.issuedAt();
  }

  CustomerProfile withMembership(boolean consent, String newTier, Instant at) {
    return new Builder(this).membership(consent, newTier).at(at).build();
  }

  CustomerProfile withCarted(String sku, Instant at) {
    return new Builder(this).carted(remember(carted, sku)).at(at).build();
  }

  CustomerProfile withViewed(String sku, Instant at) {
    return new Builder(this).viewed(remember(viewed, sku)).at(at).build();
  }

  CustomerProfile withWished(String sku, Instant at) {
    return new Builder(this).wishlist(remember(wishlist, sku)).at(at).build();
  }

  /** A till sale; earns points unless the same sale was counted before. */
  CustomerProfile withSale(PosSale sale, ToLongFunction<BigDecimal> pointsRule) {
    BigDecimal amount = sale.unitPrice().multiply(BigDecimal.valueOf(sale.quantity()));
    Purchase line =
        new Purchase(
            sale.sku(),
            PurchaseChannel.STORE,
            sale.storeId(),
            sale.quantity(),
            amount,
            sale.currency(),
            sale.occurredAt());
    return withPurchase(
        "pos:" + sale.eventId(), PurchaseChannel.STORE, List.of(line), amount, pointsRule);
  }

  /** An online order, all its lines at once; earns points unless the order was counted before. */
  CustomerProfile withOrder(OrderPlaced order, ToLongFunction<BigDecimal> pointsRule) {
    List<Purchase> lines = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (OrderLine line : order.lines()) {
      BigDecimal amount = line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()));
      total = total.add(amount);
      lines.add(
          new Purchase(
              line.sku(),
              PurchaseChannel.ONLINE,
              order.storeId(),
              line.quantity(),
              amount,
              order.currency(),
              order.occurredAt()));
    }
    return withPurchase(
        "order:" + order.orderId(), PurchaseChannel.ONLINE, lines, total, pointsRule);
  }

  /** A bought sku is no longer worth offering, but what goes with it is. */
  private CustomerProfile withPurchase(
      String reference,
      PurchaseChannel channel,
      List<Purchase> lines,
      BigDecimal total,
      ToLongFunction<BigDecimal> pointsRule) {
    if (ledger.stream().anyMatch(entry -> entry.reference().equals(reference))) {
      return this;
    }
    Instant at = lines.get(0).purchasedAt();
    long earned = pointsRule.applyAsLong(total);
    List<String> skus = lines.stream().map(Purchase::sku).toList();
    return new Builder(this)
        .earned(
            points + earned,
            spent.add(total),
            newest(new PointsEntry(reference, channel, earned, at), ledger, LEDGER))
        .purchases(Stream.concat(lines.stream(), purchases.stream()).limit(PURCHASES).toList())
        .carted(without(carted, skus))
        .viewed(without(viewed, skus))
        .wishlist(without(wishlist, skus))
        .at(at)
        .build();
  }

  /**
   * The bonus points of a redeemed offer, credited once per offer: a redemption delivered again, or
   * another accepted redemption of the same offer, changes nothing.
   */
  CustomerProfile withBonusPoints(Redemption redemption) {
    String reference = "offer:" + redemption.offerId();
    if (ledger.stream().anyMatch(entry -> entry.reference().equals(reference))) {
      return this;
    }
    long bonus = redemption.benefit().points();
    PointsEntry entry =
        new PointsEntry(reference, PurchaseChannel.STORE, bonus, redemption.occurredAt());
    return new Builder(this)
        .earned(points + bonus, spent, newest(entry, ledger, LEDGER))
        .at(redemption.occurredAt())
        .build();
  }

  /** An opening visit; a visit already remembered changes nothing. */
  CustomerProfile withVisit(Visit visit) {
    if (visits.stream().anyMatch(known -> known.visitId().equals(visit.visitId()))) {
      return this;
    }
    StoreVisit entry = new StoreVisit(visit.visitId(), visit.storeId(), visit.enteredAt());
    return new Builder(this).visits(newest(entry, visits, VISITS)).at(visit.lastSeenAt()).build();
  }

  /** How many offers in the window ending at {@code at}, counting the offer times kept. */
  int offersWithin(Duration window, Instant at) {
    Instant since = at.minus(window);
    return (int) offerTimes.stream().filter(time -> time.isAfter(since)).count();
  }

  /** How many offers of the campaign the member got, as far as remembered. */
  int offersOf(String campaignId) {
    return campaignOffers.stream()
        .filter(counted -> counted.campaignId().equals(campaignId))
        .mapToInt(CampaignOffers::offers)
        .sum();
  }

  /**
   * An issued offer: it becomes the last offer, its time is kept for at most {@code memory} and
   * among the newest {@code remembered}, and it counts for its campaign.
   */
  CustomerProfile withOffer(Offer offer, Duration memory, int remembered) {
    Instant at = offer.issuedAt();
    Instant since = at.minus(memory);
    List<Instant> times =
        newest(at, offerTimes.stream().filter(time -> time.isAfter(since)).toList(), remembered);
    List<CampaignOffers> counts = campaignOffers;
    if (offer.campaignId() != null) {
      CampaignOffers counted =
          new CampaignOffers(offer.campaignId(), offersOf(offer.campaignId()) + 1, at);
      counts =
          newest(
              counted,
              campaignOffers.stream()
                  .filter(other -> !other.campaignId().equals(offer.campaignId()))
                  .toList(),
              CAMPAIGNS);
    }
    return new Builder(this).lastOffer(offer).offers(times, counts).at(at).build();
  }

  /** The profile as the state store serves it, with its segment and the offer if still live. */
  MemberProfile view(String customerId) {
    Offer live =
        lastOffer != null && updatedAt != null && lastOffer.expiresAt().isAfter(updatedAt)
            ? lastOffer
            : null;
    return new MemberProfile(
        customerId,
        tier,
        offerConsent,
        segment(updatedAt),
        points,
        spent,
        ledger,
        purchases,
        viewed,
        carted,
        wishlist,
        visits,
        live,
        updatedAt);
  }

  private static List<String> remember(List<String> skus, String sku) {
    return newest(sku, skus.stream().filter(s -> !s.equals(sku)).toList(), RECENT);
  }

  private static <T> List<T> newest(T first, List<T> rest, int limit) {
    List<T> next = new ArrayList<>(limit);
    next.add(first);
    rest.stream().limit(limit - 1).forEach(next::add);
    return List.copyOf(next);
  }

  private static List<String> without(List<String> skus, List<String> bought) {
    return skus.stream().filter(s -> !bought.contains(s)).toList();
  }

  /** Copies a profile with some fields replaced; the event time only moves forward. */
  private static final class Builder {
    private Boolean offerConsent;
    private String tier;
    private long points;
    private BigDecimal spent;
    private List<PointsEntry> ledger;
    private List<Purchase> purchases;
    private List<String> carted;
    private List<String> viewed;
    private List<String> wishlist;
    private List<StoreVisit> visits;
    private Offer lastOffer;
    private List<Instant> offerTimes;
    private List<CampaignOffers> campaignOffers;
    private Instant updatedAt;

    Builder(CustomerProfile from) {
      offerConsent = from.offerConsent;
      tier = from.tier;
      points = from.points;
      spent = from.spent;
      ledger = from.ledger;
      purchases = from.purchases;
      carted = from.carted;
      viewed = from.viewed;
      wishlist = from.wishlist;
      visits = from.visits;
      lastOffer = from.lastOffer;
      offerTimes = from.offerTimes;
      campaignOffers = from.campaignOffers;
      updatedAt = from.updatedAt;
    }

    Builder membership(boolean consent, String newTier) {
      offerConsent = consent;
      tier = newTier;
      return this;
    }

    Builder earned(long newPoints, BigDecimal newSpent, List<PointsEntry> newLedger) {
      points = newPoints;
      spent = newSpent;
      ledger = newLedger;
      return this;
    }

    Builder purchases(List<Purchase> newPurchases) {
      purchases = newPurchases;
      return this;
    }

    Builder carted(List<String> skus) {
      carted = skus;
      return this;
    }

    Builder viewed(List<String> skus) {
      viewed = skus;
      return this;
    }

    Builder wishlist(List<String> skus) {
      wishlist = skus;
      return this;
    }

    Builder visits(List<StoreVisit> newVisits) {
      visits = newVisits;
      return this;
    }

    Builder lastOffer(Offer offer) {
      lastOffer = offer;
      return this;
    }

    Builder offers(List<Instant> times, List<CampaignOffers> counts) {
      offerTimes = times;
      campaignOffers = counts;
      return this;
    }

    Builder at(Instant time) {
      if (updatedAt == null || time.isAfter(updatedAt)) {
        updatedAt = time;
      }
      return this;
    }

    CustomerProfile build() {
      return new CustomerProfile(
          offerConsent,
          tier,
          points,
          spent,
          ledger,
          purchases,
          carted,
          viewed,
          wishlist,
          visits,
          lastOffer,
          offerTimes,
          campaignOffers,
          updatedAt);
    }
  }
}
