package dev.o2o.engagement;

import dev.o2o.contract.CustomerUpdated;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.OrderPlaced;
import dev.o2o.contract.PosSale;
import dev.o2o.contract.Redemption;
import dev.o2o.contract.Visit;

/**
 * One thing the offer selector learns about a customer, from any of its inputs: exactly one field
 * is set. A single record lets all of a customer's signals meet in one keyed function, in the order
 * they arrive, with a type Flink serializes without a fallback.
 */
public record CustomerSignal(
    CustomerUpdated profile,
    OnlineTouch touch,
    PosSale purchase,
    Visit arrival,
    OrderPlaced order,
    Redemption redemption) {

  public static CustomerSignal of(CustomerUpdated profile) {
    return new CustomerSignal(profile, null, null, null, null, null);
  }

  public static CustomerSignal of(OnlineTouch touch) {
    return new CustomerSignal(null, touch, null, null, null, null);
  }

  public static CustomerSignal of(PosSale purchase) {
    return new CustomerSignal(null, null, purchase, null, null, null);
  }

  public static CustomerSignal of(Visit arrival) {
    return new CustomerSignal(null, null, null, arrival, null, null);
  }

  public static CustomerSignal of(OrderPlaced order) {
    return new CustomerSignal(null, null, null, null, order, null);
  }

  public static CustomerSignal of(Redemption redemption) {
    return new CustomerSignal(null, null, null, null, null, redemption);
  }

  public String customerId() {
    if (profile != null) {
      return profile.customerId();
    } else if (touch != null) {
      return touch.customerId();
    } else if (purchase != null) {
      return purchase.customerId();
    } else if (order != null) {
      return order.customerId();
    } else if (redemption != null) {
      return redemption.customerId();
    }
    return arrival.customerId();
  }
}
