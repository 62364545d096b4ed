package dev.o2o.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecentIdsTest {
  private final RecentIds ids = new RecentIds(2);

  @Test
  void returnsTheWorkInFlightForARepeatedId() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    ids.claim("e-1", first);

    assertThat(ids.claim("e-1", new CompletableFuture<>())).containsSame(first);
  }

  @Test
  void remembersAnIdWhoseWorkSucceeded() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    ids.claim("e-1", first);
    first.complete(null);

    assertThat(ids.claim("e-1", new CompletableFuture<>()))
        .hasValueSatisfying(earlier -> assertThat(earlier).isCompleted());
  }

  @Test
  void forgetsAnIdWhoseWorkFailed() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    ids.claim("e-1", first);
    first.completeExceptionally(new IllegalStateException("Kafka is down"));

    assertThat(ids.claim("e-1", new CompletableFuture<>())).isEmpty();
  }

  @Test
  void forgetsTheOldestIdBeyondItsCapacity() {
    ids.claim("e-1", CompletableFuture.completedFuture(null));
    ids.claim("e-2", CompletableFuture.completedFuture(null));
    ids.claim("e-3", CompletableFuture.completedFuture(null));

    assertThat(ids.size()).isEqualTo(2);
    assertThat(ids.claim("e-1", CompletableFuture.completedFuture(null))).isEmpty();
    assertThat(ids.claim("e-3", CompletableFuture.completedFuture(null))).isPresent();
  }
}
