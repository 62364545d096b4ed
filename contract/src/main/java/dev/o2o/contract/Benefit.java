package dev.o2o.contract;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a campaign, and so each of its offers, gives the member on one item: a percentage off the
 * shelf price ({@code percent-off}, a whole number from 0 to 90), a fixed amount off in {@code
 * currency} ({@code amount-off}, above 0), or points added to the member's points ledger when the
 * offer is redeemed ({@code bonus-points}, a whole number from 1 to 1000000). {@code currency} is
 * given for an amount off only. To compare kinds, {@link #valueOn} prices a benefit on one item,
 * with points at the brand's point value.
 */
public record Benefit(Kind kind, BigDecimal value, String currency) {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public Benefit {
    Require.present(kind, "benefit.kind");
    Require.present(value, "benefit.value");
    switch (kind) {
      case PERCENT_OFF -> value = wholeNumber(kind, value, 0, 90);
      case AMOUNT_OFF -> {
        Require.price(value, "benefit.value");
        if (value.signum() == 0) {
          throw new InvalidEventException("benefit.value of an amount-off benefit must be above 0");
        }
        Require.currency(currency, "benefit.currency");
      }
      case BONUS_POINTS -> value = wholeNumber(kind, value, 1, 1_000_000);
    }
    if (kind != Kind.AMOUNT_OFF && currency != null) {
      throw new InvalidEventException(
          "benefit.currency is only for an amount-off benefit, not " + kind);
    }
  }

  public static Benefit percentOff(int percent) {
    return new Benefit(Kind.PERCENT_OFF, BigDecimal.valueOf(percent), null);
  }

  public static Benefit amountOff(BigDecimal amount, String currency) {
    return new Benefit(Kind.AMOUNT_OFF, amount, currency);
  }

  public static Benefit bonusPoints(long points) {
    return new Benefit(Kind.BONUS_POINTS, BigDecimal.valueOf(points), null);
  }

  /** The points the member is granted when the offer is redeemed; 0 for a discount. */
  public long points() {
    return kind == Kind.BONUS_POINTS ? value.longValueExact() : 0;
  }

  /** The percentage off the shelf price; 0 for other kinds. */
  public int percent() {
    return kind == Kind.PERCENT_OFF ? value.intValueExact() : 0;
  }

  /**
   * What the benefit gives on one item priced {@code price}, to the cent: the percentage of it, the
   * amount off but never more than the price, or the points at {@code pointValue} each (nothing
   * when points have no value set).
   */
  public BigDecimal valueOn(BigDecimal price, BigDecimal pointValue) {
    BigDecimal given =
        switch (kind) {
          case PERCENT_OFF -> price.multiply(value).divide(HUNDRED);
          case AMOUNT_OFF -> value.min(price);
          case BONUS_POINTS -> pointValue == null ? BigDecimal.ZERO : value.multiply(pointValue);
        };
    return given.setScale(2, RoundingMode.HALF_UP);
  }

  /** {@link #valueOn} as a percentage of {@code price}, to two decimals. */
  public BigDecimal percentOf(BigDecimal price, BigDecimal pointValue) {
    if (kind == Kind.PERCENT_OFF) {
      return value.setScale(2, RoundingMode.UNNECESSARY);
    }
    if (price.signum() == 0) {
      return BigDecimal.ZERO.setScale(2, RoundingMode.UNNECESSARY);
    }
    return valueOn(price, pointValue).multiply(HUNDRED).divide(price, 2, RoundingMode.HALF_UP);
  }

  /** The benefit in words, as a member reads it: "15% off", "10.00 EUR off", "500 bonus points". */
  public String describe() {
    return switch (kind) {
      case PERCENT_OFF -> value.toPlainString() + "% off";
      case AMOUNT_OFF -> value.toPlainString() + " " + currency + " off";
      case BONUS_POINTS -> value.toPlainString() + " bonus points";
    };
  }

  private static BigDecimal wholeNumber(Kind kind, BigDecimal value, long min, long max) {
    boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    if (!whole
        || value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new InvalidEventException(
          "benefit.value of a "
              + kind
              + " benefit must be a whole number from "
              + min
              + " to "
              + max
              + " but was "
              + value.toPlainString());
    }
    return value.setScale(0, RoundingMode.UNNECESSARY);
  }

  /** The kinds of benefit a campaign can grant. */
  public enum Kind {
    PERCENT_OFF("percent-off"),
    AMOUNT_OFF("amount-off"),
    BONUS_POINTS("bonus-points");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }
}
