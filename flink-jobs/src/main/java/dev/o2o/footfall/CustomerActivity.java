package dev.o2o.footfall;

import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Visit;
import java.time.Instant;

/**
 * One thing the attributor learns about a customer: a campaign touch, a visit opening or closing,
 * or a purchase; exactly one field is set. One record lets them meet in one keyed function with a
 * type Flink serializes without a fallback.
 */
public record CustomerActivity(OnlineTouch touch, Visit visit, Purchase purchase) {

  public static CustomerActivity of(OnlineTouch touch) {
    return new CustomerActivity(touch, null, null);
  }

  public static CustomerActivity of(Visit visit) {
    return new CustomerActivity(null, visit, null);
  }

  public static CustomerActivity of(Purchase purchase) {
    return new CustomerActivity(null, null, purchase);
  }

  public String customerId() {
    if (touch != null) {
      return touch.customerId();
    } else if (visit != null) {
      return visit.customerId();
    }
    return purchase.customerId();
  }

  public Instant occurredAt() {
    if (touch != null) {
      return touch.occurredAt();
    } else if (visit != null) {
      return visit.enteredAt();
    }
    return purchase.occurredAt();
  }
}
