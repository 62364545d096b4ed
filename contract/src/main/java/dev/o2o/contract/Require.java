package dev.o2o.contract;

import java.math.BigDecimal;

/** Field checks used by the records' constructors, so that no invalid event can exist. */
public final class Require {

  private Require() {}

  /** An identifier: letters, digits and {@code . _ : -}, at most 128 characters. */
  public static String id(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(field + " is required");
    }
    if (!isId(value)) {
      throw new InvalidEventException(
          field + " must be 1-128 letters, digits or . _ : - but was '" + clip(value) + "'");
    }
    return value;
  }

  /**
   * Letters, digits and {@code . _ : -}, starting with a letter or digit, at most 128 characters.
   * Checked by hand: records are rebuilt, and so checked, every time Flink moves them.
   */
  static boolean isId(String value) {
    int length = value.length();
    if (length > 128 || !Character.isLetterOrDigit(value.charAt(0)) || value.charAt(0) > 'z') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  public static String optionalId(String value, String field) {
    return value == null ? null : id(value, field);
  }

  /** Free text a person reads, such as a reason: not blank, at most {@code max} characters. */
  public static String text(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(field + " is required");
    }
    if (value.length() > max) {
      throw new InvalidEventException(
          field + " must be at most " + max + " characters but had " + value.length());
    }
    return value;
  }

  /** Two ids that must differ, such as the two ends of a transfer. */
  public static void distinct(String one, String other, String field) {
    if (one.equals(other)) {
      throw new InvalidEventException(field + " must differ from the other end but was " + other);
    }
  }

  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidEventException(field + " is required");
    }
    return value;
  }

  public static int positive(int value, String field, int max) {
    if (value <= 0 || value > max) {
      throw new InvalidEventException(
          field + " must be between 1 and " + max + " but was " + value);
    }
    return value;
  }

  public static int between(int value, String field, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidEventException(
          field + " must be between " + min + " and " + max + " but was " + value);
    }
    return value;
  }

  public static BigDecimal price(BigDecimal value, String field) {
    present(value, field);
    if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      throw new InvalidEventException(
          field + " must be between 0 and 1000000 but was " + value.toPlainString());
    }
    return value;
  }

  public static String currency(String value, String field) {
    if (value == null
        || value.length() != 3
        || !value.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new InvalidEventException(
          field + " must be an ISO-4217 code like EUR but was " + value);
    }
    return value;
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
