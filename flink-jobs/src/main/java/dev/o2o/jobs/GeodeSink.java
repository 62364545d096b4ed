package dev.o2o.jobs;

import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.Json;
import dev.o2o.store.GeodeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.geode.cache.Region;

/**
 * Upserts the latest value per key into a Geode region as the JSON of the record, which is what the
 * HTTP API and the live dashboard read. Writes to the same key are coalesced in a buffer and sent
 * with one {@code putAll} on a sender thread, so the operator keeps processing while Geode answers:
 * a batch leaves a few milliseconds after its first write, or when it is full, and while one batch
 * is in flight the next one gathers (and coalesces) behind it. Before every checkpoint the writer
 * waits until everything written so far is in Geode. Upserts are idempotent, so replays after a
 * restore only rewrite the same views.
 *
 * <p>Values are turned into JSON on the sender thread, once per key and batch rather than once per
 * write, so they must not change after they are written; the engine's records are immutable.
 */
public final class GeodeSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  /** How long a write may wait for others to share its round trip. */
  public static final Duration MAX_DELAY = Duration.ofMillis(5);

  /** How many distinct keys a buffer holds before it is sent. */
  public static final int MAX_BUFFERED = 500;

  /** How many distinct keys may wait behind a slow batch before the operator waits too. */
  static final int MAX_PENDING = 20 * MAX_BUFFERED;

  private final GeodeSettings geode;
  private final String region;
  private final SerializableFunction<T, String> key;

  public GeodeSink(GeodeSettings geode, String region, SerializableFunction<T, String> key) {
    this.geode = geode;
    this.region = region;
    this.key = key;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Region<String, String> target =
        GeodeClient.region(GeodeClient.connect(geode.locatorHost(), geode.locatorPort()), region);
    ExecutorService sender =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "geode-sink-" + region);
              thread.setDaemon(true);
              return thread;
            });
    return new Writer<>(target, key, context.getProcessingTimeService(), sender, sender::shutdown);
  }

  static final class Writer<T> implements SinkWriter<T> {
    private final Region<String, String> region;
    private final SerializableFunction<T, String> key;
    private final ProcessingTimeService time;
    private final Executor sender;
    private final Runnable stopSender;
    private Map<String, T> buffer = new LinkedHashMap<>();
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> scheduledSend;

    Writer(
        Region<String, String> region,
        SerializableFunction<T, String> key,
        ProcessingTimeService time,
        Executor sender,
        Runnable stopSender) {
      this.region = region;
      this.key = key;
      this.time = time;
      this.sender = sender;
      this.stopSender = stopSender;
    }

    @Override
    public void write(T value, Context context) throws IOException, InterruptedException {
      buffer.put(key.apply(value), value);
      if (buffer.size() >= MAX_BUFFERED) {
        trySend();
        if (buffer.size() >= MAX_PENDING) {
          awaitInFlight();
          trySend();
        }
      } else {
        scheduleSend(MAX_DELAY.toMillis());
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      awaitInFlight();
      trySend();
      awaitInFlight();
    }

    private void scheduleSend(long delayMillis) {
      if (scheduledSend == null) {
        scheduledSend =
            time.registerTimer(
                time.getCurrentProcessingTime() + delayMillis,
                now -> {
                  scheduledSend = null;
                  trySend();
                  if (!buffer.isEmpty()) {
                    // A batch is still in flight: look again shortly.
                    scheduleSend(1);
                  }
                });
      }
    }

    /** Hands the buffer to the sender unless a batch is still in flight. */
    private void trySend() throws IOException {
      if (buffer.isEmpty() || !inFlight.isDone()) {
        return;
      }
      throwIfFailed();
      Map<String, T> batch = buffer;
      buffer = new LinkedHashMap<>();
      inFlight = CompletableFuture.runAsync(() -> region.putAll(encoded(batch)), sender);
    }

    private static <T> Map<String, String> encoded(Map<String, T> batch) {
      Map<String, String> json = new HashMap<>(batch.size() * 2);
      batch.forEach((key, value) -> json.put(key, Json.encodeToString(value)));
      return json;
    }

    private void awaitInFlight() throws IOException, InterruptedException {
      try {
        inFlight.get();
      } catch (ExecutionException e) {
        throw new IOException(
            "writing to Geode region " + region.getName() + " failed", e.getCause());
      }
    }

    private void throwIfFailed() throws IOException {
      if (inFlight.isCompletedExceptionally()) {
        try {
          inFlight.join();
        } catch (CompletionException e) {
          throw new IOException(
              "writing to Geode region " + region.getName() + " failed", e.getCause());
        }
      }
    }

    @Override
    public void close() throws Exception {
      if (scheduledSend != null) {
        scheduledSend.cancel(false);
      }
      try {
        awaitInFlight();
      } finally {
        stopSender.run();
      }
    }
  }
}
