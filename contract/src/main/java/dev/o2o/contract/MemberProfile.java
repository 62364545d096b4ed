package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One member's profile across channels, as the engagement job keeps it and the state store serves
 * it to store associates: the membership (tier, consent to arrival offers), a {@link
 * CustomerSegment segment}, the points balance with the ledger of what earned it, what the member
 * bought in stores and online, what they viewed, carted and wished for online, their recent store
 * visits, and the last arrival offer while it is live.
 *
 * <ul>
 *   <li>{@code tier} and {@code offerConsent} are absent until the membership system sent them.
 *   <li>{@code points} is the balance; {@code ledger} the newest earnings, one per purchase event
 *       or redeemed bonus-points offer.
 *   <li>{@code spent} adds up every purchase counted, at face value.
 *   <li>Lists are newest first and bounded; the sku lists hold each sku once.
 *   <li>{@code liveOffer} is the last offer if it had not expired at {@code updatedAt}, the event
 *       time of the newest signal that changed the profile; readers check the expiry again.
 * </ul>
 */
public record MemberProfile(
    String customerId,
    String tier,
    Boolean offerConsent,
    CustomerSegment segment,
    long points,
    BigDecimal spent,
    List<PointsEntry> ledger,
    List<Purchase> purchases,
    List<String> viewed,
    List<String> carted,
    List<String> wishlist,
    List<StoreVisit> visits,
    Offer liveOffer,
    Instant updatedAt) {
  public MemberProfile {
    ledger = List.copyOf(ledger);
    purchases = List.copyOf(purchases);
    viewed = List.copyOf(viewed);
    carted = List.copyOf(carted);
    wishlist = List.copyOf(wishlist);
    visits = List.copyOf(visits);
  }

  /**
   * Points one purchase, or one redeemed bonus-points offer, earned. The reference names what
   * earned them, {@code pos:<eventId>} for a till sale, {@code order:<orderId>} for an online order
   * and {@code offer:<offerId>} for an offer's bonus points, and is what makes earning idempotent.
   */
  public record PointsEntry(
      String reference, PurchaseChannel channel, long points, Instant earnedAt) {}

  /**
   * One sku bought: at a store's till ({@code storeId} is the store) or online ({@code storeId} is
   * the collection or preferred store, if any), for {@code amount}, the quantity times unit price.
   */
  public record Purchase(
      String sku,
      PurchaseChannel channel,
      String storeId,
      int quantity,
      BigDecimal amount,
      String currency,
      Instant purchasedAt) {}

  /** A visit to a store, from the moment it opened. */
  public record StoreVisit(String visitId, String storeId, Instant enteredAt) {}
}
