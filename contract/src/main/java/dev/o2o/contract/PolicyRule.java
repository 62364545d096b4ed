package dev.o2o.contract;

/** A brand policy rule that a campaign must keep before the engine activates it. */
public enum PolicyRule {
  /** The benefit is above the brand's maximum discount. */
  BENEFIT_ABOVE_MAXIMUM("benefit-above-maximum"),
  /** An arrival offer would undercut the store's shelf price beyond the campaign's parity band. */
  PRICE_PARITY("price-parity"),
  /** The campaign offers online-only categories in store. */
  ONLINE_ONLY_IN_STORE("online-only-in-store"),
  /** The campaign ends before it starts. */
  VALIDITY("validity"),
  /** The campaign has no budget, or one of zero or less. */
  BUDGET("budget");

  private final String wireName;

  PolicyRule(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
