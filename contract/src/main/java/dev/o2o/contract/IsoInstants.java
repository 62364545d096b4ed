package dev.o2o.contract;

import java.time.Instant;

/**
 * Reads and writes event times in the one form the engine's producers use, {@code
 * 2026-11-23T16:25:52.123Z} (UTC, seconds, and zero to nine fraction digits), without going through
 * {@link java.time.format.DateTimeFormatter}, which costs more than the rest of an event's
 * decoding. Anything else, offsets and leap seconds included, is left to {@link Instant#parse}, so
 * what is accepted and how it fails does not change.
 */
public final class IsoInstants {
  private static final long SECONDS_PER_DAY = 86_400;

  private IsoInstants() {}

  /** Like {@link Instant#parse}, which it falls back to for any form it does not read itself. */
  public static Instant parse(CharSequence text) {
    Instant fast = parseUtc(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** Like {@link Instant#toString}: fraction digits in groups of three, as many as needed. */
  public static String format(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    long[] date = civilDate(epochDay);
    if (date[0] < 0 || date[0] > 9999) {
      return instant.toString();
    }
    int nanos = instant.getNano();
    char[] out = new char[30];
    int length = 0;
    length = put(out, length, date[0], 4);
    out[length++] = '-';
    length = put(out, length, date[1], 2);
    out[length++] = '-';
    length = put(out, length, date[2], 2);
    out[length++] = 'T';
    length = put(out, length, secondOfDay / 3600, 2);
    out[length++] = ':';
    length = put(out, length, secondOfDay / 60 % 60, 2);
    out[length++] = ':';
    length = put(out, length, secondOfDay % 60, 2);
    if (nanos != 0) {
      out[length++] = '.';
      if (nanos % 1_000_000 == 0) {
        length = put(out, length, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        length = put(out, length, nanos / 1000, 6);
      } else {
        length = put(out, length, nanos, 9);
      }
    }
    out[length++] = 'Z';
    return new String(out, 0, length);
  }

  private static int put(char[] out, int at, long value, int width) {
    long rest = value;
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
    return at + width;
  }

  /** Year, month and day of a day since 1970-01-01, the inverse of {@link #epochDay}. */
  private static long[] civilDate(long epochDay) {
    long days = epochDay + 719_468;
    long era = Math.floorDiv(days, 146_097);
    long dayOfEra = days - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthIndex = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
    long month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return new long[] {year, month, day};
  }

  /** The instant, or {@code null} when the text is not in the plain UTC form. */
  static Instant parseUtc(CharSequence text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      nanos = digits(text, 20, fractionDigits);
      if (nanos < 0) {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochSecond =
        epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** The decimal value of {@code count} ASCII digits from {@code start}, or -1. */
  private static int digits(CharSequence text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeapYear(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date, counting years from March. */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
