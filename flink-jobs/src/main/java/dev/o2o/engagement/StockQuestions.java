package dev.o2o.engagement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The offer selector's questions to a remote {@link StockLookup}, answered by one thread of their
 * own, many at a time. While one request is under way, the questions that come in wait, and the
 * next request carries all of them: under load a round trip answers hundreds of arrivals, where one
 * round trip per arrival would leave the arrivals queueing for the lookup's threads.
 */
final class StockQuestions implements AutoCloseable {
  /** The most questions one request carries. */
  static final int MAX_BATCH = 1_000;

  /** One arrival's question: which of these skus the store has available. */
  private record Question(
      String storeId, Set<String> skus, CompletableFuture<Set<String>> answer) {}

  private final StockLookup stock;
  private final BlockingQueue<Question> questions = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean open = true;

  StockQuestions(StockLookup stock, String threadName) {
    this.stock = stock;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** The skus among {@code skus} the store has available, once a request answered it. */
  CompletableFuture<Set<String>> ask(String storeId, Set<String> skus) {
    CompletableFuture<Set<String>> answer = new CompletableFuture<>();
    questions.add(new Question(storeId, Set.copyOf(skus), answer));
    return answer;
  }

  private void run() {
    List<Question> batch = new ArrayList<>();
    while (open) {
      try {
        batch.add(questions.take());
      } catch (InterruptedException e) {
        return;
      }
      questions.drainTo(batch, MAX_BATCH - 1);
      answer(batch);
      batch.clear();
    }
  }

  private void answer(List<Question> batch) {
    Map<String, Set<String>> skusByStore = new HashMap<>();
    for (Question question : batch) {
      skusByStore.computeIfAbsent(question.storeId(), s -> new HashSet<>()).addAll(question.skus());
    }
    Map<String, Set<String>> available;
    try {
      available = stock.inStock(skusByStore);
    } catch (RuntimeException e) {
      batch.forEach(question -> question.answer().completeExceptionally(e));
      return;
    }
    for (Question question : batch) {
      Set<String> inStore = available.getOrDefault(question.storeId(), Set.of());
      Set<String> inStock = new HashSet<>(question.skus());
      inStock.retainAll(inStore);
      question.answer().complete(inStock);
    }
  }

  /**
   * Stops the thread; questions not yet answered stay so, as the task asks again after a restore.
   */
  @Override
  public void close() {
    open = false;
    thread.interrupt();
  }
}
