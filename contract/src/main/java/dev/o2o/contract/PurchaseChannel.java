package dev.o2o.contract;

/** Where a member bought: at a store's till or in the online shop. */
public enum PurchaseChannel {
  STORE("store"),
  ONLINE("online");

  private final String wireName;

  PurchaseChannel(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
