package dev.o2o.gateway.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Waits for something that happens on another thread. A wait that times out names what the
 * gateway's own threads (and the Kafka producers' and MQTT client's) were doing, so that a stall
 * shows where it is in the failure itself.
 */
public final class Eventually {
  private static final Pattern WATCHED =
      Pattern.compile("o2o-.*|MQTT (Call|Rec|Snd).*|kafka-producer-network-thread.*");
  private static final int FRAMES = 14;

  private Eventually() {}

  public static void await(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + "; threads:" + threads());
      }
      Thread.sleep(20);
    }
  }

  private static String threads() {
    StringBuilder text = new StringBuilder();
    Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> WATCHED.matcher(e.getKey().getName()).matches())
        .sorted(Comparator.comparing(e -> e.getKey().getName()))
        .forEach(
            e -> {
              text.append("\n  \"").append(e.getKey().getName()).append("\" ");
              text.append(e.getKey().getState());
              Arrays.stream(e.getValue())
                  .limit(FRAMES)
                  .forEach(frame -> text.append("\n      at ").append(frame));
            });
    return text.toString();
  }
}
