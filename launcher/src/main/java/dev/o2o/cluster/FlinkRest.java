package dev.o2o.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.o2o.contract.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the local cluster asks the Flink JobManager over its REST API: how many TaskManagers and
 * slots it has, and where each job stands.
 */
public final class FlinkRest {
  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  FlinkRest(String url) {
    this.url = url;
  }

  public String url() {
    return url;
  }

  /** A job as {@code /jobs/overview} shows it: its state and how many of its tasks run. */
  public record JobState(String id, String name, String state, int runningTasks, int totalTasks) {
    /** The job runs with every one of its tasks deployed and running. */
    public boolean fullyRunning() {
      return state.equals("RUNNING") && runningTasks == totalTasks && totalTasks > 0;
    }
  }

  /** Registered TaskManagers. */
  public int taskManagers() throws IOException, InterruptedException {
    return get("/overview").path("taskmanagers").asInt();
  }

  public List<JobState> jobs() throws IOException, InterruptedException {
    List<JobState> jobs = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      JsonNode tasks = job.path("tasks");
      jobs.add(
          new JobState(
              job.path("jid").asText(),
              job.path("name").asText(),
              job.path("state").asText(),
              tasks.path("running").asInt(),
              tasks.path("total").asInt()));
    }
    return jobs;
  }

  /** How often the job restored its state from a checkpoint. */
  public long restores(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
  }

  /** The newest completed checkpoint's id, or -1 before the first. */
  public long latestCheckpoint(String jobId) throws IOException, InterruptedException {
    JsonNode completed = get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
    return completed.isMissingNode() || completed.isNull() ? -1 : completed.path("id").asLong();
  }

  /** Whether the JobManager answers at all. */
  public boolean answers() {
    try {
      get("/overview");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return Json.mapper().readTree(response.body());
  }
}
