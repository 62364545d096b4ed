package dev.o2o.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.Json;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;

/**
 * A job's processing rate, counted by the records one of its tasks has taken in, as Flink's REST
 * API reports them. Offsets committed to Kafka trail the work under backpressure: a source commits
 * from its fetcher thread, which waits while the source's queue is full, so a run showed commits
 * stalled for 8 s after the job had read and processed everything. The task's own counter does not
 * wait.
 *
 * <p>The rate is the records taken in between the first count above zero and the first count that
 * reaches the total, over the time between the two: the span in which the task was busy, without
 * start-up and the idle tail. The process's CPU time per record over the same span is given too.
 */
final class TaskRecordRate {
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * The longest wait between two polls. Each poll makes Flink gather every metric of the job (Kafka
   * clients' included); polled every 100 ms throughout, that was a sixth of the CPU of a 60-key
   * run. So the bench polls often only around the start and the expected end.
   */
  private static final Duration MAX_POLL = Duration.ofSeconds(1);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Records per second and CPU microseconds per record, and how many were counted in the end. */
  record Measured(double recordsPerSecond, double cpuMicrosPerRecord, long counted) {}

  private record Sample(long records, long nanos, long cpuNanos) {}

  private TaskRecordRate() {}

  /**
   * Follows the records taken in by the task whose name starts with {@code taskName}, until it has
   * taken {@code total} or the deadline passes.
   *
   * @throws IllegalStateException when the task took nothing in before the deadline
   */
  static Measured measure(URI rest, JobID job, String taskName, long total, Duration deadline)
      throws Exception {
    List<Sample> samples = new ArrayList<>();
    long end = System.nanoTime() + deadline.toNanos();
    long counted = 0;
    long wait = POLL.toMillis();
    while (counted < total && System.nanoTime() < end) {
      Thread.sleep(wait);
      long now = recordsIn(rest, job, taskName);
      if (now > counted) {
        counted = now;
        samples.add(sample(counted));
      }
      wait = nextWait(samples, total);
    }
    if (samples.size() < 2) {
      throw new IllegalStateException(
          "the task " + taskName + " took in " + counted + " records within " + deadline);
    }
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    long records = last.records() - first.records();
    double seconds = Math.max(1e-3, (last.nanos() - first.nanos()) / 1e9);
    return new Measured(
        records / seconds,
        (last.cpuNanos() - first.cpuNanos()) / 1e3 / Math.max(1, records),
        counted);
  }

  /** A quarter of the time the rate so far needs for the rest, within the bounds. */
  private static long nextWait(List<Sample> samples, long total) {
    if (samples.size() < 2) {
      return POLL.toMillis();
    }
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    double perMilli = (last.records() - first.records()) / ((last.nanos() - first.nanos()) / 1e6);
    double remaining = perMilli > 0 ? (total - last.records()) / perMilli : MAX_POLL.toMillis();
    return Math.max(POLL.toMillis(), Math.min(MAX_POLL.toMillis(), (long) (remaining / 4)));
  }

  /** The records the task has taken in, summed over its subtasks, as of Flink's last fetch. */
  static long recordsIn(URI rest, JobID job, String taskName) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(rest.resolve("/jobs/" + job))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Flink's REST API answered " + response.statusCode() + ": " + response.body());
    }
    for (JsonNode vertex : Json.mapper().readTree(response.body()).path("vertices")) {
      if (vertex.path("name").asText().startsWith(taskName)) {
        return vertex.path("metrics").path("read-records").asLong();
      }
    }
    throw new IllegalStateException("the job " + job + " has no task named " + taskName + "...");
  }

  private static Sample sample(long records) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Sample(records, System.nanoTime(), os.getProcessCpuTime());
  }
}
