package dev.o2o.launcher;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets at most a given number of records per second and topic through to be measured, so that a
 * topic carrying a hundred thousand records a second is watched at the cost of a few hundred.
 */
final class LatencySampler {
  private final int perSecond;
  private final Map<String, long[]> windows = new HashMap<>();

  LatencySampler(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Whether to measure this record of the topic; call once per record. */
  boolean take(String topic) {
    return take(topic, System.currentTimeMillis() / 1000);
  }

  boolean take(String topic, long second) {
    long[] window = windows.computeIfAbsent(topic, t -> new long[2]);
    if (window[0] != second) {
      window[0] = second;
      window[1] = 0;
    }
    return window[1]++ < perSecond;
  }
}
