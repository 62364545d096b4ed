package dev.o2o.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the top-level {@code occurredAt} of a JSON object by looking at its bytes, for the payloads
 * the engine's producers write: fields with plain strings, numbers or literals before it. Every raw
 * record is stamped with its event time before it is decoded, and a JSON parser made for that took
 * over a quarter of the Kafka source thread's time in the inventory bench. Whatever this scan does
 * not read with certainty (an escape in a string, a nested value before the time, anything not
 * JSON) it leaves to the parser, by answering {@code null}.
 */
final class EventTimeScan {
  private static final byte[] FIELD = "occurredAt".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] LITERALS = {
    "true".getBytes(StandardCharsets.US_ASCII),
    "false".getBytes(StandardCharsets.US_ASCII),
    "null".getBytes(StandardCharsets.US_ASCII)
  };

  private EventTimeScan() {}

  /**
   * The time, empty when the object has none or it is not a readable instant, or {@code null} when
   * the scan cannot tell.
   */
  static Optional<Instant> occurredAt(byte[] json) {
    int at = space(json, 0);
    if (at >= json.length || json[at] != '{') {
      return null;
    }
    at++;
    while (true) {
      at = space(json, at);
      if (at >= json.length || json[at] != '"') {
        return null;
      }
      int nameStart = at + 1;
      int nameEnd = stringEnd(json, nameStart);
      if (nameEnd < 0) {
        return null;
      }
      at = space(json, nameEnd + 1);
      if (at >= json.length || json[at] != ':') {
        return null;
      }
      at = space(json, at + 1);
      if (at >= json.length) {
        return null;
      }
      boolean wanted = Arrays.equals(json, nameStart, nameEnd, FIELD, 0, FIELD.length);
      if (json[at] == '"') {
        int valueEnd = stringEnd(json, at + 1);
        if (valueEnd < 0) {
          return null;
        }
        if (wanted) {
          return instant(new String(json, at + 1, valueEnd - at - 1, StandardCharsets.UTF_8));
        }
        at = valueEnd + 1;
      } else if (wanted) {
        return Optional.empty();
      } else {
        at = scalarEnd(json, at);
        if (at < 0) {
          return null;
        }
      }
      at = space(json, at);
      if (at >= json.length) {
        return null;
      }
      if (json[at] == '}') {
        return Optional.empty();
      }
      if (json[at] != ',') {
        return null;
      }
      at++;
    }
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(IsoInstants.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static int space(byte[] json, int at) {
    while (at < json.length
        && (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
      at++;
    }
    return at;
  }

  /** The closing quote of a string whose content starts at {@code at}, or -1 at an escape. */
  private static int stringEnd(byte[] json, int at) {
    for (int i = at; i < json.length; i++) {
      if (json[i] == '"') {
        return i;
      }
      if (json[i] == '\\' || (json[i] >= 0 && json[i] < 0x20)) {
        return -1;
      }
    }
    return -1;
  }

  /** Just after a number or literal starting at {@code at}, or -1 when there is none. */
  private static int scalarEnd(byte[] json, int at) {
    for (byte[] literal : LITERALS) {
      int end = at + literal.length;
      if (end <= json.length && Arrays.equals(json, at, end, literal, 0, literal.length)) {
        return end;
      }
    }
    int end = at;
    if (end < json.length && json[end] == '-') {
      end++;
    }
    int digits = end;
    while (end < json.length && json[end] >= '0' && json[end] <= '9') {
      end++;
    }
    if (end == digits) {
      return -1;
    }
    while (end < json.length && isNumberTail(json[end])) {
      end++;
    }
    return end;
  }

  private static boolean isNumberTail(byte b) {
    return (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-';
  }
}
