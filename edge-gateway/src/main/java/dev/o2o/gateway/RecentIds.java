package dev.o2o.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The ids the gateway handled most recently, each with the work that handles it (forwarding an
 * event, publishing an offer), so that a repeat is recognised while the first copy is still in
 * flight as well as after it completed. Work that fails forgets its id, so a redelivered copy is
 * handled again rather than dropped as a duplicate. Memory is bounded: beyond the capacity the
 * oldest id is forgotten first.
 */
final class RecentIds {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Map<String, CompletableFuture<Void>> ids;

  RecentIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.ids =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Void>> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Registers {@code work} as the handling of {@code id}, unless the id is already known: then
   * returns the earlier handling (done or still running) and {@code work} must not be started.
   */
  synchronized Optional<CompletableFuture<Void>> claim(String id, CompletableFuture<Void> work) {
    CompletableFuture<Void> earlier = ids.get(id);
    if (earlier != null) {
      return Optional.of(earlier);
    }
    ids.put(id, work);
    work.whenComplete((ok, error) -> settle(id, work, error == null));
    return Optional.empty();
  }

  synchronized int size() {
    return ids.size();
  }

  private synchronized void settle(String id, CompletableFuture<Void> work, boolean succeeded) {
    if (ids.get(id) != work) {
      return;
    }
    if (succeeded) {
      ids.replace(id, DONE);
    } else {
      ids.remove(id);
    }
  }
}
