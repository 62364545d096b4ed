package dev.o2o.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StockQuestionsTest {
  private static final StockInMemory SHELVES =
      new StockInMemory()
          .with("berlin-mitte", "BLAZER-NAVY-50", "CHINO-BEIGE-32")
          .with("hamburg-city", "SHIRT-OXF-WHT-M");

  /** Stock that holds its first request until the test lets it go, and keeps every request. */
  private static final class RecordingStock implements StockLookup {
    final CountDownLatch firstAsked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Map<String, Set<String>>> requests = new ArrayList<>();

    @Override
    public Set<String> inStock(String storeId, Collection<String> skus) {
      throw new AssertionError("questions go in requests");
    }

    @Override
    public synchronized Map<String, Set<String>> inStock(
        Map<String, ? extends Collection<String>> skusByStore) {
      Map<String, Set<String>> request = new HashMap<>();
      skusByStore.forEach((store, skus) -> request.put(store, Set.copyOf(skus)));
      requests.add(request);
      firstAsked.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return SHELVES.inStock(skusByStore);
    }
  }

  @Test
  void questionsAskedWhileARequestIsUnderWayGoTogetherAndEachGetsItsOwnStoresAnswer()
      throws Exception {
    RecordingStock stock = new RecordingStock();
    try (StockQuestions questions = new StockQuestions(stock, "test-stock-questions")) {
      CompletableFuture<Set<String>> first =
          questions.ask("berlin-mitte", Set.of("BLAZER-NAVY-50", "SHIRT-OXF-WHT-M"));
      assertThat(stock.firstAsked.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Set<String>> berlin =
          questions.ask("berlin-mitte", Set.of("CHINO-BEIGE-32", "SHIRT-OXF-WHT-M"));
      CompletableFuture<Set<String>> hamburg =
          questions.ask("hamburg-city", Set.of("CHINO-BEIGE-32", "SHIRT-OXF-WHT-M"));
      CompletableFuture<Set<String>> unknownStore =
          questions.ask("nowhere", Set.of("CHINO-BEIGE-32"));
      stock.release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("BLAZER-NAVY-50");
      assertThat(berlin.get(10, TimeUnit.SECONDS)).containsExactly("CHINO-BEIGE-32");
      assertThat(hamburg.get(10, TimeUnit.SECONDS)).containsExactly("SHIRT-OXF-WHT-M");
      assertThat(unknownStore.get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(stock.requests).hasSize(2);
      assertThat(stock.requests.get(1))
          .containsOnlyKeys("berlin-mitte", "hamburg-city", "nowhere")
          .containsEntry("hamburg-city", Set.of("CHINO-BEIGE-32", "SHIRT-OXF-WHT-M"));
    }
  }

  @Test
  void aFailedRequestFailsEveryQuestionItCarried() {
    StockLookup broken =
        new StockLookup() {
          @Override
          public Set<String> inStock(String storeId, Collection<String> skus) {
            throw new IllegalStateException("inventory region unavailable");
          }
        };
    try (StockQuestions questions = new StockQuestions(broken, "test-stock-questions")) {
      CompletableFuture<Set<String>> answer = questions.ask("berlin-mitte", Set.of("SKU"));
      assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("inventory region unavailable");
      CompletableFuture<Set<String>> next = questions.ask("berlin-mitte", Set.of("SKU"));
      assertThatThrownBy(() -> next.get(10, TimeUnit.SECONDS))
          .as("the thread goes on answering after a failure")
          .isInstanceOf(ExecutionException.class);
    }
  }
}
