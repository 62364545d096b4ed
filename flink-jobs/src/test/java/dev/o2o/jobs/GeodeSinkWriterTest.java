package dev.o2o.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.contract.FootfallMinute;
import dev.o2o.contract.Json;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.geode.cache.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GeodeSinkWriterTest {
  private static final Instant MINUTE = Instant.parse("2026-11-23T10:00:00Z");

  private final List<Map<String, String>> putAlls = new ArrayList<>();
  private final ManualTime time = new ManualTime();
  private final List<Runnable> pendingSends = new ArrayList<>();
  private boolean senderPaused;
  private final GeodeSink.Writer<FootfallMinute> writer =
      new GeodeSink.Writer<>(recordingRegion(), FootfallMinute::key, time, this::send, () -> {});

  /** Sends at once, or holds sends while the test plays a slow Geode. */
  private void send(Runnable putAll) {
    if (senderPaused) {
      pendingSends.add(putAll);
    } else {
      putAll.run();
    }
  }

  @Test
  void gathersWritesBehindABatchInFlight() throws Exception {
    senderPaused = true;
    writer.write(minute("berlin-mitte", 1), null);
    time.advance(GeodeSink.MAX_DELAY.toMillis());
    assertThat(pendingSends).hasSize(1);

    writer.write(minute("berlin-mitte", 2), null);
    writer.write(minute("berlin-mitte", 3), null);
    time.advance(GeodeSink.MAX_DELAY.toMillis());
    assertThat(pendingSends).as("nothing more leaves while a batch is in flight").hasSize(1);

    senderPaused = false;
    pendingSends.remove(0).run();
    writer.flush(false);

    assertThat(putAlls).hasSize(2);
    assertThat(putAlls.get(1)).containsExactly(entry(minute("berlin-mitte", 3)));
  }

  @Test
  @Timeout(10) // a writer that waited for the paused Geode would hang here
  void aCheckpointKeepsWhatGeodeHasNotConfirmedInsteadOfWaitingForIt() throws Exception {
    senderPaused = true;
    writer.write(minute("berlin-mitte", 1), null);
    writer.write(minute("hamburg-jungfernstieg", 1), null);
    time.advance(GeodeSink.MAX_DELAY.toMillis());
    writer.write(minute("berlin-mitte", 2), null);

    writer.flush(false);
    List<GeodeSink.Unconfirmed> state = writer.snapshotState(1);

    assertThat(pendingSends).as("the batch is still in flight").hasSize(1);
    assertThat(state)
        .singleElement()
        .extracting(GeodeSink.Unconfirmed::values)
        .isEqualTo(
            Map.ofEntries(
                entry(minute("berlin-mitte", 2)), entry(minute("hamburg-jungfernstieg", 1))));
  }

  @Test
  void aCheckpointAfterGeodeConfirmedEverythingKeepsNothing() throws Exception {
    writer.write(minute("berlin-mitte", 1), null);
    writer.flush(false);

    assertThat(putAlls).hasSize(1);
    assertThat(writer.snapshotState(1)).isEmpty();
  }

  @Test
  void aRestoredWriterPutsTheUnconfirmedWritesAgain() throws Exception {
    senderPaused = true;
    writer.write(minute("berlin-mitte", 1), null);
    time.advance(GeodeSink.MAX_DELAY.toMillis());
    writer.write(minute("berlin-mitte", 2), null);
    GeodeSink.UnconfirmedSerializer serializer = new GeodeSink.UnconfirmedSerializer();
    List<GeodeSink.Unconfirmed> restored = new ArrayList<>();
    for (GeodeSink.Unconfirmed unconfirmed : writer.snapshotState(1)) {
      restored.add(
          serializer.deserialize(serializer.getVersion(), serializer.serialize(unconfirmed)));
    }

    GeodeSink.putUnconfirmed(recordingRegion(), restored);

    assertThat(putAlls).containsExactly(Map.ofEntries(entry(minute("berlin-mitte", 2))));
  }

  @Test
  void waitsForGeodeAtTheEndOfABoundedInput() throws Exception {
    senderPaused = true;
    writer.write(minute("berlin-mitte", 1), null);
    time.advance(GeodeSink.MAX_DELAY.toMillis());
    writer.write(minute("berlin-mitte", 2), null);
    // Geode answers the batch in flight from another thread, while the writer waits for it.
    Thread geode =
        new Thread(
            () -> {
              senderPaused = false;
              pendingSends.remove(0).run();
            });
    geode.start();

    writer.flush(true);

    assertThat(putAlls)
        .containsExactly(
            Map.ofEntries(entry(minute("berlin-mitte", 1))),
            Map.ofEntries(entry(minute("berlin-mitte", 2))));
    geode.join();
  }

  @Test
  void coalescesWritesToOneKeyIntoTheLatestValue() throws Exception {
    writer.write(new FootfallMinute("berlin-mitte", MINUTE, 1, 0), null);
    writer.write(new FootfallMinute("berlin-mitte", MINUTE, 2, 0), null);
    writer.write(new FootfallMinute("hamburg-jungfernstieg", MINUTE, 1, 0), null);
    writer.flush(false);

    assertThat(putAlls).hasSize(1);
    assertThat(putAlls.get(0))
        .containsEntry(
            FootfallMinute.key("berlin-mitte", MINUTE),
            Json.encodeToString(new FootfallMinute("berlin-mitte", MINUTE, 2, 0)))
        .hasSize(2);
  }

  @Test
  void sendsBufferedWritesAfterTheMaximumDelay() throws Exception {
    writer.write(new FootfallMinute("berlin-mitte", MINUTE, 1, 0), null);
    assertThat(putAlls).isEmpty();

    time.advance(GeodeSink.MAX_DELAY.toMillis());

    assertThat(putAlls).hasSize(1);
  }

  @Test
  void sendsAFullBufferAtOnce() throws Exception {
    for (int i = 0; i < GeodeSink.MAX_BUFFERED; i++) {
      writer.write(new FootfallMinute("berlin-mitte", MINUTE.plusSeconds(60L * i), 1, 0), null);
    }

    assertThat(putAlls)
        .singleElement()
        .satisfies(m -> assertThat(m).hasSize(GeodeSink.MAX_BUFFERED));
    time.advance(GeodeSink.MAX_DELAY.toMillis());
    assertThat(putAlls).hasSize(1);
  }

  private static FootfallMinute minute(String storeId, int visits) {
    return new FootfallMinute(storeId, MINUTE, visits, 0);
  }

  private static Map.Entry<String, String> entry(FootfallMinute minute) {
    return Map.entry(minute.key(), Json.encodeToString(minute));
  }

  @SuppressWarnings("unchecked")
  private Region<String, String> recordingRegion() {
    return (Region<String, String>)
        Proxy.newProxyInstance(
            Region.class.getClassLoader(),
            new Class<?>[] {Region.class},
            (proxy, method, args) -> {
              if (method.getName().equals("putAll")) {
                putAlls.add(new LinkedHashMap<>((Map<String, String>) args[0]));
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  /** Processing time that moves only when the test says so, firing due timers in order. */
  private static final class ManualTime implements ProcessingTimeService {
    private final TreeMap<Long, List<Timer>> timers = new TreeMap<>();
    private long now;

    @Override
    public long getCurrentProcessingTime() {
      return now;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
      Timer timer = new Timer(callback);
      timers.computeIfAbsent(timestamp, t -> new ArrayList<>()).add(timer);
      return timer;
    }

    void advance(long millis) throws Exception {
      now += millis;
      while (!timers.isEmpty() && timers.firstKey() <= now) {
        for (Timer timer : timers.pollFirstEntry().getValue()) {
          if (!timer.isCancelled()) {
            timer.callback.onProcessingTime(now);
          }
        }
      }
    }
  }

  private static final class Timer extends CompletableFuture<Object>
      implements ScheduledFuture<Object> {
    private final ProcessingTimeService.ProcessingTimeCallback callback;

    Timer(ProcessingTimeService.ProcessingTimeCallback callback) {
      this.callback = callback;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return 0;
    }
  }
}
