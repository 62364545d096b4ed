package dev.o2o.gateway;

import dev.o2o.contract.Topic;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path by which the gateway writes to Kafka, with a disk {@link Spool} for when Kafka does
 * not answer. A value goes to its topic under the topic's key and encoding; the returned future
 * completes once Kafka acknowledged it or it is in the spool, and only then may its input be
 * acknowledged. It never completes because Kafka failed, only late.
 *
 * <p>Order: the producer is idempotent, keeps one request in flight, retries without a deadline and
 * is closed from its callback at the first record it fails, so what it writes of one partition is
 * always a prefix of what it was given, in order. When a record is not acknowledged within {@code
 * kafkaTimeout} (or the producer refuses it), the forwarder switches to spooling: the records given
 * to the producer and not yet acknowledged are appended to the spool in the order they were sent,
 * the producer is given nothing more and is closed, and every later record goes to the spool behind
 * them. A background thread replays the spool with a fresh producer, a batch at a time, and marks a
 * batch replayed only once Kafka acknowledged all of it; when the spool is empty, records go
 * straight to that producer again. A record may so reach Kafka twice (from the retired producer and
 * replayed, or from two replay attempts), always after its first copy: each producer writes an
 * in-order run of the records, starting no later than the oldest one not yet acknowledged, so the
 * first copies keep each key's order, and the jobs drop the repeats by event id. Producers are
 * closed on a thread of their own, as closing one waits for its I/O thread, which may be waiting
 * for a broker.
 *
 * <p>Bounded: when the spool is full, records wait here (in order) without completing, so the
 * messages they came from stay unacknowledged and the MQTT broker sends no more than its window;
 * the rest wait in the broker. Nothing is dropped.
 */
final class KafkaForwarder implements AutoCloseable {
  /** Where a forwarded record is held when its future completes. */
  enum Outcome {
    KAFKA,
    SPOOLED
  }

  private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
  private static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final int REPLAY_BATCH_RECORDS = 2_000;

  /** Set while this thread is inside a producer's {@code send}. */
  private static final ThreadLocal<Boolean> SENDING = ThreadLocal.withInitial(() -> false);

  private static final long REPLAY_BATCH_BYTES = 4L << 20;

  private final Supplier<Producer<String, byte[]>> producers;
  private final Spool spool;
  private final GatewayMetrics metrics;
  private final Duration kafkaTimeout;
  private final Object lock = new Object();
  private final Thread replayer;

  /** Closes retired producers, so that neither the replayer nor a sender waits for one. */
  private final ExecutorService closer =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "o2o-producer-closer");
            thread.setDaemon(true);
            return thread;
          });

  // Guarded by lock.
  private Producer<String, byte[]> producer;
  private long generation;
  private boolean spooling;
  private boolean closed;
  private final Deque<Pending> inFlight = new ArrayDeque<>();
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private final List<Producer<String, byte[]>> retired = new ArrayList<>();

  /** The newest producer generation a send failed in; the replayer switches to spooling. */
  private final AtomicLong failedGeneration = new AtomicLong(-1);

  private volatile boolean running = true;
  private volatile boolean kafkaReachable;
  private volatile int waitingCount;

  /**
   * @param producers makes a producer (idempotent, no delivery deadline): at start and after each
   *     time Kafka stopped answering
   */
  KafkaForwarder(
      Supplier<Producer<String, byte[]>> producers,
      Spool spool,
      GatewayMetrics metrics,
      Duration kafkaTimeout) {
    this.producers = producers;
    this.spool = spool;
    this.metrics = metrics;
    this.kafkaTimeout = kafkaTimeout;
    this.spooling = !spool.isEmpty();
    this.kafkaReachable = !spooling;
    metrics.bindSpool(
        spool::diskBytes, spool::events, () -> waitingCount, () -> kafkaReachable ? 1 : 0);
    this.replayer = new Thread(this::replayLoop, "o2o-spool-replay");
    this.replayer.setDaemon(true);
    this.replayer.start();
  }

  <V> CompletableFuture<Outcome> forward(Topic<V> topic, V value) {
    Pending pending;
    try {
      pending = new Pending(new Spool.Entry(topic.name(), topic.keyOf(value), topic.encode(value)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    synchronized (lock) {
      if (closed) {
        pending.done.completeExceptionally(new IllegalStateException("the gateway is stopping"));
      } else if (spooling) {
        spoolOrWait(pending);
      } else {
        send(pending);
      }
    }
    return pending.done;
  }

  /** Hands a record to the producer; guarded by lock. */
  private void send(Pending pending) {
    dropAcknowledged();
    inFlight.add(pending);
    try {
      if (producer == null) {
        producer = producers.get();
        generation++;
      }
      long sentIn = generation;
      Producer<String, byte[]> target = producer;
      pending.sentAt = System.nanoTime();
      sendMarked(
          target,
          pending.record(),
          (metadata, error) -> {
            if (error == null) {
              pending.done.complete(Outcome.KAFKA);
            } else {
              stopAfterFailure(target, error);
              failedGeneration.accumulateAndGet(sentIn, Math::max);
            }
          });
      if (failedGeneration.get() == sentIn) {
        // The producer failed the record at once (no metadata within kafkaTimeout).
        startSpooling("Kafka failed a send");
      }
    } catch (RuntimeException e) {
      startSpooling("Kafka refused a send (" + e + ")");
    }
  }

  /**
   * Closes a producer from its own callback, at its first failed record: it then sends nothing
   * more. Left running, it would give the failed record's later ones new sequence numbers and could
   * write them without it, out of order; closed, what it wrote stays a prefix of what it was given.
   *
   * <p>A record the producer refused at once (no metadata within the timeout) fails inside {@code
   * send}, on the sending thread, which may hold {@link #lock}: closing there would wait for the
   * producer's I/O thread. Such a producer was given nothing after that record; the sender retires
   * it and it is closed outside the lock.
   */
  private static void stopAfterFailure(Producer<String, byte[]> producer, Exception error) {
    if (SENDING.get()) {
      LOG.debug("Kafka refused a record at once; its producer is retired", error);
      return;
    }
    LOG.debug("Kafka failed a record; closing its producer", error);
    closeNow(producer);
  }

  /** Hands a record to a producer, marking the thread so that a callback run inside knows it. */
  private static void sendMarked(
      Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record, Callback callback) {
    SENDING.set(true);
    try {
      producer.send(record, callback);
    } finally {
      SENDING.set(false);
    }
  }

  /**
   * Stops sending: what the producer holds unacknowledged goes to the spool in the order it was
   * sent, and the producer is retired, to be closed by the closer. Guarded by lock.
   */
  private void startSpooling(String reason) {
    if (spooling) {
      return;
    }
    spooling = true;
    kafkaReachable = false;
    if (producer != null) {
      retired.add(producer);
      producer = null;
    }
    int unacknowledged = 0;
    for (Pending pending : inFlight) {
      if (!pending.done.isDone()) {
        spoolOrWait(pending);
        unacknowledged++;
      }
    }
    inFlight.clear();
    LOG.warn(
        "{}; spooling store events to disk ({} in flight moved to the spool)",
        reason,
        unacknowledged);
    lock.notifyAll();
  }

  /** Guarded by lock. */
  private void spoolOrWait(Pending pending) {
    if (!waiting.isEmpty() || !trySpool(pending)) {
      waiting.add(pending);
      waitingCount = waiting.size();
    }
  }

  /** Guarded by lock. */
  private boolean trySpool(Pending pending) {
    var appended = spool.append(pending.entry);
    if (appended.isEmpty()) {
      return false;
    }
    metrics.spooled();
    appended
        .get()
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                pending.done.complete(Outcome.SPOOLED);
              } else {
                LOG.error("cannot write an event to the spool; it stays unacknowledged", error);
                pending.done.completeExceptionally(error);
              }
            });
    return true;
  }

  /** Moves records waiting for room into the spool, in order, as far as they fit. */
  private void admitWaiting() {
    while (!waiting.isEmpty() && trySpool(waiting.peekFirst())) {
      waiting.pollFirst();
    }
    waitingCount = waiting.size();
  }

  private void dropAcknowledged() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().done.isDone()) {
      inFlight.pollFirst();
    }
  }

  private void replayLoop() {
    Producer<String, byte[]> replaying = null;
    Duration backoff = WATCH_INTERVAL;
    while (running) {
      try {
        closeRetired();
        boolean replay;
        synchronized (lock) {
          watch();
          replay = spooling;
          if (!replay) {
            lock.wait(WATCH_INTERVAL.toMillis());
            continue;
          }
        }
        closeRetired();
        if (replaying == null) {
          replaying = producers.get();
        }
        Spool.Batch batch = spool.read(REPLAY_BATCH_RECORDS, REPLAY_BATCH_BYTES);
        if (batch.isEmpty()) {
          synchronized (lock) {
            admitWaiting();
            if (spool.isEmpty() && waiting.isEmpty()) {
              producer = replaying;
              generation++;
              replaying = null;
              spooling = false;
              kafkaReachable = true;
              LOG.info("spool replayed; store events go straight to Kafka again");
            }
          }
          continue;
        }
        replay(replaying, batch);
        spool.commit(batch.end(), batch.entries().size());
        metrics.replayed(batch.entries().size());
        kafkaReachable = true;
        backoff = WATCH_INTERVAL;
        synchronized (lock) {
          admitWaiting();
        }
      } catch (InterruptedException e) {
        break;
      } catch (ReplayFailed | RuntimeException e) {
        kafkaReachable = false;
        LOG.info("Kafka does not take the spooled events yet: {}", e.toString());
        if (replaying != null) {
          closeLater(replaying);
          replaying = null;
        }
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          break;
        }
        backoff = min(backoff.multipliedBy(2), MAX_RETRY_BACKOFF);
      }
    }
    if (replaying != null) {
      closeLater(replaying);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Switches to spooling when a send failed or the oldest waited too long. Guarded by lock. */
  private void watch() {
    if (spooling) {
      return;
    }
    if (failedGeneration.get() == generation && producer != null) {
      startSpooling("Kafka failed a send");
      return;
    }
    dropAcknowledged();
    Pending oldest = inFlight.peekFirst();
    if (oldest != null && System.nanoTime() - oldest.sentAt > kafkaTimeout.toNanos()) {
      startSpooling("Kafka has not acknowledged a send within " + kafkaTimeout);
    }
  }

  /**
   * Sends a batch and waits for Kafka to acknowledge all of it, allowing each record the timeout.
   */
  private void replay(Producer<String, byte[]> replaying, Spool.Batch batch)
      throws InterruptedException, ReplayFailed {
    List<CompletableFuture<Void>> acknowledged = new ArrayList<>(batch.entries().size());
    for (Spool.Entry entry : batch.entries()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      sendMarked(
          replaying,
          new ProducerRecord<>(entry.topic(), entry.key(), entry.value()),
          (metadata, error) -> {
            if (error == null) {
              done.complete(null);
            } else {
              stopAfterFailure(replaying, error);
              done.completeExceptionally(error);
            }
          });
      acknowledged.add(done);
      if (done.isCompletedExceptionally()) {
        // Failed at once (no metadata within kafkaTimeout): the rest would wait as long each.
        break;
      }
    }
    for (CompletableFuture<Void> done : acknowledged) {
      try {
        done.get(kafkaTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new ReplayFailed(e.getCause().toString());
      } catch (TimeoutException e) {
        throw new ReplayFailed("no acknowledgement within " + kafkaTimeout);
      }
    }
  }

  private void closeRetired() {
    List<Producer<String, byte[]>> toClose;
    synchronized (lock) {
      if (retired.isEmpty()) {
        return;
      }
      toClose = new ArrayList<>(retired);
      retired.clear();
    }
    toClose.forEach(this::closeLater);
  }

  /** Closes a producer at once, on the closer's thread. */
  private void closeLater(Producer<String, byte[]> producer) {
    try {
      closer.execute(() -> closeNow(producer));
    } catch (RejectedExecutionException e) {
      closeNow(producer);
    }
  }

  /** Closes a producer at once: whatever it has not sent is failed and will never be sent. */
  private static void closeNow(Producer<String, byte[]> producer) {
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("closing a producer failed", e);
    }
  }

  /**
   * Waits until every record given so far is in Kafka or in the spool (moving to the spool what
   * Kafka does not take within the timeout), so that their inputs can be acknowledged before the
   * gateway disconnects. Records waiting for room in a full spool are left unacknowledged.
   */
  void flush() {
    long deadline = System.nanoTime() + kafkaTimeout.toNanos();
    List<CompletableFuture<Outcome>> outstanding = new ArrayList<>();
    synchronized (lock) {
      while (!spooling && !inFlight.isEmpty() && System.nanoTime() < deadline) {
        dropAcknowledged();
        try {
          lock.wait(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      dropAcknowledged();
      if (!inFlight.isEmpty()) {
        startSpooling("Kafka has not acknowledged every send while stopping");
      }
      inFlight.forEach(p -> outstanding.add(p.done));
    }
    try {
      CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new))
          .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "some store events were not acknowledged before stopping; the broker redelivers them");
    }
  }

  /** Whether the last exchange with Kafka succeeded, as the gauge reports it. */
  boolean isKafkaReachable() {
    return kafkaReachable;
  }

  @Override
  public void close() {
    Producer<String, byte[]> last;
    synchronized (lock) {
      closed = true;
      running = false;
      last = producer;
      producer = null;
      lock.notifyAll();
    }
    replayer.interrupt();
    try {
      replayer.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeRetired();
    closer.shutdown();
    try {
      if (!closer.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("a retired Kafka producer did not close within {}", CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (last != null) {
      try {
        last.close(CLOSE_TIMEOUT);
      } catch (RuntimeException e) {
        LOG.warn("cannot close the Kafka producer cleanly", e);
      }
    }
    spool.close();
  }

  /** A record on its way to Kafka or the spool. */
  private static final class Pending {
    final Spool.Entry entry;
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    long sentAt;

    Pending(Spool.Entry entry) {
      this.entry = entry;
    }

    ProducerRecord<String, byte[]> record() {
      return new ProducerRecord<>(entry.topic(), entry.key(), entry.value());
    }
  }

  private static final class ReplayFailed extends Exception {
    ReplayFailed(String message) {
      super(message, null, false, false);
    }
  }
}
