package dev.o2o.engagement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the offer selector knows about one customer: consent and tier from the membership system,
 * the latest skus carted, viewed and bought, and when the last offer went out. Consent is {@code
 * null} until the membership system said something, and no offer is made without it.
 */
public record CustomerProfile(
    Boolean offerConsent,
    String tier,
    List<String> carted,
    List<String> viewed,
    List<String> purchased,
    Instant lastOfferAt) {
  /** How many skus of each kind are remembered, newest first. */
  static final int RECENT = 10;

  public static CustomerProfile unknown() {
    return new CustomerProfile(null, null, List.of(), List.of(), List.of(), null);
  }

  CustomerProfile withMembership(boolean consent, String newTier) {
    return new CustomerProfile(consent, newTier, carted, viewed, purchased, lastOfferAt);
  }

  CustomerProfile withCarted(String sku) {
    return new CustomerProfile(
        offerConsent, tier, remember(carted, sku), viewed, purchased, lastOfferAt);
  }

  CustomerProfile withViewed(String sku) {
    return new CustomerProfile(
        offerConsent, tier, carted, remember(viewed, sku), purchased, lastOfferAt);
  }

  /** A bought sku is no longer worth offering, but what goes with it is. */
  CustomerProfile withPurchased(String sku) {
    return new CustomerProfile(
        offerConsent,
        tier,
        without(carted, sku),
        without(viewed, sku),
        remember(purchased, sku),
        lastOfferAt);
  }

  CustomerProfile withOfferAt(Instant time) {
    return new CustomerProfile(offerConsent, tier, carted, viewed, purchased, time);
  }

  private static List<String> remember(List<String> skus, String sku) {
    List<String> next = new ArrayList<>(RECENT);
    next.add(sku);
    skus.stream().filter(s -> !s.equals(sku)).limit(RECENT - 1).forEach(next::add);
    return List.copyOf(next);
  }

  private static List<String> without(List<String> skus, String sku) {
    return skus.stream().filter(s -> !s.equals(sku)).toList();
  }
}
