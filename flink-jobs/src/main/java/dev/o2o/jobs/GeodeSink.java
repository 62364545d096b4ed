package dev.o2o.jobs;

import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.Json;
import dev.o2o.store.GeodeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.geode.cache.Region;

/**
 * Upserts the latest value per key into a Geode region as the JSON of the record, which is what the
 * HTTP API and the live dashboard read. Writes to the same key are coalesced in a buffer and sent
 * with one {@code putAll} on a sender thread, so the operator keeps processing while Geode answers:
 * a batch leaves a few milliseconds after its first write, or when it is full, and while one batch
 * is in flight the next one gathers (and coalesces) behind it.
 *
 * <p>A checkpoint does not wait for Geode: the writes Geode has not yet confirmed (the batch in
 * flight and the buffer behind it) go into the checkpoint as {@link Unconfirmed}, and a writer
 * restored from it puts them again before anything else. Waiting instead held the operator's whole
 * task, and everything chained to it, for as long as Geode took: seconds under load, every
 * checkpoint. Upserts are idempotent, so a write that did reach Geode and is put again, like the
 * replays after a restore, only rewrites the same view.
 *
 * <p>Values are turned into JSON on the sender thread, once per key and batch rather than once per
 * write, so they must not change after they are written; the engine's records are immutable.
 */
public final class GeodeSink<T> implements Sink<T>, SupportsWriterState<T, GeodeSink.Unconfirmed> {
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

  /** The writes of a checkpoint that Geode had not confirmed yet: key to the value's JSON. */
  public record Unconfirmed(Map<String, String> values) {}

  @Override
  public StatefulSinkWriter<T, Unconfirmed> createWriter(WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<T, Unconfirmed> restoreWriter(
      WriterInitContext context, Collection<Unconfirmed> recovered) {
    Region<String, String> target =
        GeodeClient.region(GeodeClient.connect(geode.locatorHost(), geode.locatorPort()), region);
    putUnconfirmed(target, recovered);
    ExecutorService sender =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "geode-sink-" + region);
              thread.setDaemon(true);
              return thread;
            });
    return new Writer<>(target, key, context.getProcessingTimeService(), sender, sender::shutdown);
  }

  /** Puts a checkpoint's unconfirmed writes again, before the restored writer writes anything. */
  static void putUnconfirmed(Region<String, String> region, Collection<Unconfirmed> recovered) {
    for (Unconfirmed writes : recovered) {
      region.putAll(writes.values());
    }
  }

  @Override
  public SimpleVersionedSerializer<Unconfirmed> getWriterStateSerializer() {
    return new UnconfirmedSerializer();
  }

  static final class Writer<T> implements StatefulSinkWriter<T, Unconfirmed> {
    private final Region<String, String> region;
    private final SerializableFunction<T, String> key;
    private final ProcessingTimeService time;
    private final Executor sender;
    private final Runnable stopSender;
    private Map<String, T> buffer = new LinkedHashMap<>();
    private Map<String, T> sending = Map.of();
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

    /**
     * Before a checkpoint, sends the buffer if no batch is in flight, without waiting: whatever is
     * still unconfirmed at the barrier goes into {@link #snapshotState}. Only at the end of a
     * bounded input does it wait until Geode has everything.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      if (endOfInput) {
        awaitInFlight();
        trySend();
        awaitInFlight();
      } else {
        trySend();
      }
    }

    @Override
    public List<Unconfirmed> snapshotState(long checkpointId) throws IOException {
      throwIfFailed();
      Map<String, String> unconfirmed = new HashMap<>();
      if (!inFlight.isDone()) {
        unconfirmed.putAll(encoded(sending));
      }
      // The buffer is newer than the batch in flight: on restore its values win.
      unconfirmed.putAll(encoded(buffer));
      return unconfirmed.isEmpty() ? List.of() : List.of(new Unconfirmed(unconfirmed));
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
      sending = batch;
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

  /**
   * Writes {@link Unconfirmed} as its number of entries, then each key and value as its UTF-8
   * bytes.
   */
  static final class UnconfirmedSerializer implements SimpleVersionedSerializer<Unconfirmed> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Unconfirmed writes) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(256);
      out.writeInt(writes.values().size());
      for (Map.Entry<String, String> entry : writes.values().entrySet()) {
        BlockSerializer.writeString(out, entry.getKey());
        BlockSerializer.writeString(out, entry.getValue());
      }
      return out.getCopyOfBuffer();
    }

    @Override
    public Unconfirmed deserialize(int version, byte[] serialized) throws IOException {
      if (version != getVersion()) {
        throw new IOException(
            "unknown version " + version + " of a Geode sink's unconfirmed writes");
      }
      DataInputDeserializer in = new DataInputDeserializer(serialized);
      int size = in.readInt();
      Map<String, String> values = new LinkedHashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        values.put(BlockSerializer.readString(in), BlockSerializer.readString(in));
      }
      return new Unconfirmed(values);
    }
  }
}
