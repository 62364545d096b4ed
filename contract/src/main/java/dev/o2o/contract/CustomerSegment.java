package dev.o2o.contract;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A member's segment, derived from what they bought, since the membership system sends only a tier.
 * The rule, first match wins: {@code new} has bought nothing yet; {@code lapsed} bought last more
 * than {@link #LAPSED_AFTER} before the profile's newest event; {@code vip} has spent at least
 * {@link #VIP_SPEND} in stores and online together; everyone else is {@code regular}.
 */
public enum CustomerSegment {
  NEW("new"),
  LAPSED("lapsed"),
  VIP("vip"),
  REGULAR("regular");

  /** How long without a purchase makes a member lapsed. */
  public static final Duration LAPSED_AFTER = Duration.ofDays(180);

  /** What a member must have spent, across channels, to be a vip (at face value of the sales). */
  public static final BigDecimal VIP_SPEND = new BigDecimal("1000");

  private final String wireName;

  CustomerSegment(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The segment of a member who spent {@code spent} in total, last bought at {@code lastPurchaseAt}
   * (null if never), as of {@code asOf}.
   */
  public static CustomerSegment of(BigDecimal spent, Instant lastPurchaseAt, Instant asOf) {
    if (lastPurchaseAt == null) {
      return NEW;
    }
    if (asOf != null && asOf.isAfter(lastPurchaseAt.plus(LAPSED_AFTER))) {
      return LAPSED;
    }
    if (spent.compareTo(VIP_SPEND) >= 0) {
      return VIP;
    }
    return REGULAR;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
