package dev.o2o.engagement;

/**
 * The instants at which a task polls for its customers' stock answers: every poll asked for before
 * the next instant fires shares it, however late that firing comes; only once it fires does the
 * next poll move to the next multiple of the period after now. Flink fires a task's timer instants
 * one at a time, so one instant per poll period, not one per customer's own "now", keeps the timers
 * from falling behind the clock when the task's hops are slow.
 */
final class PollInstants {
  private final long period;
  private long next = Long.MIN_VALUE;
  private long fired = Long.MIN_VALUE;

  PollInstants(long period) {
    this.period = period;
  }

  /** The instant at which a poll asked for at {@code now} fires. */
  long next(long now) {
    if (next <= fired) {
      next = now - now % period + period;
    }
    return next;
  }

  /** Notes that the timers of {@code instant} are firing. */
  void firing(long instant) {
    fired = Math.max(fired, instant);
  }
}
