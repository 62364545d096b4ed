package dev.o2o.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.config.EngineConfig;
import dev.o2o.contract.AttributionModel;
import dev.o2o.contract.CampaignKpis;
import dev.o2o.contract.Json;
import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.Topics;
import dev.o2o.contract.TouchKind;
import dev.o2o.launcher.EmbeddedEngine;
import dev.o2o.store.GeodeClient;
import dev.o2o.store.Regions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.geode.cache.Region;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * How soon a change reaches a live dashboard: a plain HTTP client holds the engine's {@code
 * /api/live} Server-Sent Events stream open, as the dashboard page does, and times two paths to it,
 * one change at a time (the next is sent once the previous has arrived, or timed out):
 *
 * <ul>
 *   <li>the floor: a campaign's totals put into Geode's {@code campaign-kpis} region by a client,
 *       until the continuous query's event arrives on the stream;
 *   <li>through the jobs: a click on a campaign produced to {@code o2o.touches}, read by the
 *       footfall job, counted into the campaign's totals, written to Geode by its sink, until the
 *       event with the new click count arrives on the stream.
 * </ul>
 *
 * The page itself fetches the campaign's report when such an event arrives; that request is not
 * part of these figures.
 */
final class DashboardLatencyRun {
  private static final String FLOOR_CAMPAIGN = "bench-live-floor";
  private static final Duration WARM_UP = Duration.ofSeconds(60);
  private static final Duration PER_CHANGE = Duration.ofSeconds(10);
  private static final long PAUSE_MILLIS = 20;

  /** The latencies of both paths, and how many changes of each never arrived. */
  record Result(
      Latencies geodeToStream, int geodeMissed, Latencies kafkaToStream, int kafkaMissed) {

    /** The bench table's rows. */
    Map<String, String> rows() {
      Map<String, String> rows = new LinkedHashMap<>();
      rows.put(
          "dashboard floor: Geode put -> SSE event on /api/live, p50 / p99 (ms, "
              + geodeToStream.count()
              + " changes, "
              + geodeMissed
              + " missed)",
          String.format(
              "%.1f / %.1f",
              geodeToStream.percentileMillis(50), geodeToStream.percentileMillis(99)));
      rows.put(
          "dashboard: click on Kafka -> footfall job -> Geode -> SSE event, p50 / p99 (ms, "
              + kafkaToStream.count()
              + " clicks, "
              + kafkaMissed
              + " missed)",
          String.format(
              "%.1f / %.1f",
              kafkaToStream.percentileMillis(50), kafkaToStream.percentileMillis(99)));
      return rows;
    }
  }

  private DashboardLatencyRun() {}

  static Result run(EmbeddedEngine engine, EngineConfig config, int changes) throws Exception {
    try (LiveStream stream = LiveStream.open(URI.create(engine.apiUrl() + "/api/live"))) {
      Region<String, String> kpis = GeodeClient.region(engine.geode(), Regions.CAMPAIGN_KPIS);
      Latencies geode = new Latencies();
      int geodeMissed = 0;
      for (int i = 1; i <= changes; i++) {
        long sent = System.nanoTime();
        kpis.put(FLOOR_CAMPAIGN, Json.encodeToString(floorTotals(i)));
        long arrived = stream.awaitClicks(FLOOR_CAMPAIGN, i, PER_CHANGE);
        if (arrived < 0) {
          geodeMissed++;
        } else {
          geode.add((arrived - sent) / 1_000);
        }
        Thread.sleep(PAUSE_MILLIS);
      }
      kpis.remove(FLOOR_CAMPAIGN);

      String campaign = config.campaigns().get(0).campaignId();
      Latencies kafka = new Latencies();
      int kafkaMissed = 0;
      try (KafkaProducer<String, byte[]> producer = Bench.producer(engine)) {
        long clicks = clicks(kpis.get(campaign));
        clicks++;
        send(producer, campaign, "warm-up");
        if (stream.awaitClicks(campaign, clicks, WARM_UP) < 0) {
          throw new IllegalStateException(
              "the footfall job did not count a click within " + WARM_UP.toSeconds() + " s");
        }
        for (int i = 1; i <= changes; i++) {
          clicks++;
          long sent = System.nanoTime();
          send(producer, campaign, String.valueOf(i));
          long arrived = stream.awaitClicks(campaign, clicks, PER_CHANGE);
          if (arrived < 0) {
            kafkaMissed++;
            clicks = clicks(kpis.get(campaign));
          } else {
            kafka.add((arrived - sent) / 1_000);
          }
          Thread.sleep(PAUSE_MILLIS);
        }
      }
      return new Result(geode, geodeMissed, kafka, kafkaMissed);
    }
  }

  /** Produces one click on {@code campaign} by a customer of its own, and waits for the ack. */
  private static void send(KafkaProducer<String, byte[]> producer, String campaign, String suffix)
      throws Exception {
    OnlineTouch click =
        new OnlineTouch(
            UUID.randomUUID().toString(),
            Instant.now(),
            "bench-live-c-" + suffix,
            TouchKind.CLICK,
            campaign,
            null);
    producer.send(Bench.record(Topics.TOUCHES, click)).get(10, TimeUnit.SECONDS);
  }

  private static long clicks(String stored) {
    return stored == null ? 0 : Json.decode(stored, CampaignKpis.class).clicks();
  }

  private static CampaignKpis floorTotals(long clicks) {
    List<CampaignKpis.ModelTotals> models = new ArrayList<>();
    for (AttributionModel model : AttributionModel.values()) {
      models.add(new CampaignKpis.ModelTotals(model, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO));
    }
    return new CampaignKpis(
        FLOOR_CAMPAIGN,
        null,
        null,
        null,
        null,
        0,
        clicks,
        0,
        0,
        models,
        CampaignKpis.Holdout.EMPTY,
        Instant.now());
  }

  /**
   * One client of the live stream: a reader thread parses the events and hands over each change of
   * a campaign's totals with the time it arrived.
   */
  private static final class LiveStream implements AutoCloseable {
    private final InputStream body;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();

    private record Change(String campaignId, long clicks, long arrivedNanos) {}

    private LiveStream(InputStream body) {
      this.body = body;
    }

    static LiveStream open(URI uri) throws Exception {
      HttpResponse<InputStream> response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + response.statusCode());
      }
      LiveStream stream = new LiveStream(response.body());
      Thread reader = new Thread(stream::read, "bench-live-stream");
      reader.setDaemon(true);
      reader.start();
      return stream;
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String event = null;
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("event: ")) {
            event = line.substring("event: ".length());
          } else if (line.startsWith("data: ") && Regions.CAMPAIGN_KPIS.equals(event)) {
            long arrived = System.nanoTime();
            JsonNode data = Json.mapper().readTree(line.substring("data: ".length()));
            JsonNode value = data.get("value");
            if (value != null && !value.isNull()) {
              changes.add(
                  new Change(data.get("key").asText(), value.get("clicks").asLong(), arrived));
            }
          } else if (line.isEmpty()) {
            event = null;
          }
        }
      } catch (IOException closed) {
        // The stream ended: the run is over or the engine stopped; waiting callers time out.
      }
    }

    /**
     * When the first change of {@code campaignId} with at least {@code clicks} arrived, or -1 if
     * none did within {@code timeout}. Earlier changes are passed over.
     */
    long awaitClicks(String campaignId, long clicks, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Change change = changes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (change == null) {
          return -1;
        }
        if (change.campaignId().equals(campaignId) && change.clicks() >= clicks) {
          return change.arrivedNanos();
        }
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
