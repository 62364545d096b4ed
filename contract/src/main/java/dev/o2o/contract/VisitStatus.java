package dev.o2o.contract;

/** Whether the customer is still in the store. */
public enum VisitStatus {
  OPEN("open"),
  CLOSED("closed");

  private final String wireName;

  VisitStatus(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
