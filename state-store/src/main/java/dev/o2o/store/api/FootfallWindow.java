package dev.o2o.store.api;

import dev.o2o.contract.FootfallMinute;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code minutes} whole minutes up to and including the current one, oldest first. The
 * footfall region is keyed by store and minute, so reading a window is one batch of computed keys
 * instead of a query.
 */
record FootfallWindow(Instant first, Instant last, int minutes) {
  static final int MAX_MINUTES = 24 * 60;

  static FootfallWindow endingAt(Instant now, int minutes) {
    if (minutes < 1 || minutes > MAX_MINUTES) {
      throw new IllegalArgumentException(
          "minutes must be between 1 and " + MAX_MINUTES + ", was " + minutes);
    }
    Instant last = now.truncatedTo(ChronoUnit.MINUTES);
    return new FootfallWindow(last.minus(minutes - 1L, ChronoUnit.MINUTES), last, minutes);
  }

  List<Instant> minuteStarts() {
    List<Instant> starts = new ArrayList<>(minutes);
    for (int i = 0; i < minutes; i++) {
      starts.add(first.plus(i, ChronoUnit.MINUTES));
    }
    return starts;
  }

  List<String> keys(String storeId) {
    return minuteStarts().stream().map(minute -> FootfallMinute.key(storeId, minute)).toList();
  }
}
