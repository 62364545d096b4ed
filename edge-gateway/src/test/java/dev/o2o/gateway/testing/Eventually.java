package dev.o2o.gateway.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something that happens on another thread. */
public final class Eventually {
  private Eventually() {}

  public static void await(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
