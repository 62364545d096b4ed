package dev.o2o.jobs;

import dev.o2o.config.GeodeSettings;
import dev.o2o.contract.Json;
import dev.o2o.store.GeodeClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.geode.cache.Region;

/**
 * Upserts the latest value per key into a Geode region as the JSON of the record, which is what the
 * HTTP API and the live dashboard read. Writes to the same key are coalesced in a small buffer and
 * sent with one {@code putAll}: when the buffer is full, a few milliseconds after the first
 * buffered write, and before every checkpoint. Upserts are idempotent, so replays after a restore
 * only rewrite the same views.
 */
public final class GeodeSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  /** How long a write may wait for others to share its round trip. */
  public static final Duration MAX_DELAY = Duration.ofMillis(5);

  /** How many distinct keys a buffer holds before it is sent. */
  public static final int MAX_BUFFERED = 500;

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
    return new Writer<>(target, key, context.getProcessingTimeService());
  }

  static final class Writer<T> implements SinkWriter<T> {
    private final Region<String, String> region;
    private final SerializableFunction<T, String> key;
    private final ProcessingTimeService time;
    private final Map<String, String> buffer = new LinkedHashMap<>();
    private ScheduledFuture<?> scheduledFlush;

    Writer(
        Region<String, String> region,
        SerializableFunction<T, String> key,
        ProcessingTimeService time) {
      this.region = region;
      this.key = key;
      this.time = time;
    }

    @Override
    public void write(T value, Context context) {
      buffer.put(key.apply(value), Json.encodeToString(value));
      if (buffer.size() >= MAX_BUFFERED) {
        send();
      } else if (scheduledFlush == null) {
        scheduledFlush =
            time.registerTimer(
                time.getCurrentProcessingTime() + MAX_DELAY.toMillis(), now -> send());
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      send();
    }

    private void send() {
      if (scheduledFlush != null) {
        scheduledFlush.cancel(false);
        scheduledFlush = null;
      }
      if (!buffer.isEmpty()) {
        region.putAll(buffer);
        buffer.clear();
      }
    }

    @Override
    public void close() {
      if (scheduledFlush != null) {
        scheduledFlush.cancel(false);
      }
    }
  }
}
