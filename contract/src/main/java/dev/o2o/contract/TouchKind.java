package dev.o2o.contract;

/**
 * What a customer did online. Clicks, claims and what the customer put in the cart or on the
 * wishlist attribute over the click window, the rest over the view window.
 */
public enum TouchKind {
  IMPRESSION("impression"),
  CLICK("click"),
  COUPON_CLAIM("coupon-claim"),
  PRODUCT_VIEW("product-view"),
  ADD_TO_CART("add-to-cart"),
  ADD_TO_WISHLIST("add-to-wishlist");

  private final String wireName;

  TouchKind(String wireName) {
    this.wireName = wireName;
  }

  /** Whether the touch was an act of the customer (click window) rather than a view. */
  public boolean isClickLike() {
    return this == CLICK || this == COUPON_CLAIM || this == ADD_TO_CART || this == ADD_TO_WISHLIST;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
