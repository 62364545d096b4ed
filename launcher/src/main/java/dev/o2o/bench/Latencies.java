package dev.o2o.bench;

import java.util.Arrays;

/** Collected latencies in microseconds, with percentiles. */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long micros) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = micros;
  }

  synchronized int count() {
    return size;
  }

  /** The p-th percentile in milliseconds (nearest rank), or NaN when empty. */
  synchronized double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, rank))] / 1000.0;
  }
}
