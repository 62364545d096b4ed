package dev.o2o.contract;

/** How an online order reaches the customer. */
public enum Fulfilment {
  /** The customer collects the order at a store they chose. */
  CLICK_AND_COLLECT("click-and-collect"),
  /** The order is shipped, from the online warehouse or from a store. */
  SHIP("ship");

  private final String wireName;

  Fulfilment(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
