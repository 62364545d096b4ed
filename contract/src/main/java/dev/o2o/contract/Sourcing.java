package dev.o2o.contract;

/** How an order line was sourced: where its units are held and why there. */
public enum Sourcing {
  /** Click and collect: the chosen store holds the units. */
  CHOSEN_STORE("chosen-store"),
  /** Click and collect: the chosen store lacked them, the nearest store with stock holds them. */
  NEAREST_STORE("nearest-store"),
  /** Click and collect: another location holds them and sends them to the chosen store. */
  TRANSFER("transfer"),
  /** Shipping: the location holds them and ships them. */
  SHIP_FROM("ship-from");

  private final String wireName;

  Sourcing(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
