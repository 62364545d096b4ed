package dev.o2o.bench;

import dev.o2o.contract.Topic;
import dev.o2o.jobs.EngineJobs.Job;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A job's processing rate, counted by the offsets its Kafka sources commit. The sources commit when
 * a checkpoint completes, and an aligned checkpoint completes only once every operator, sinks
 * included, has handled every record before its barrier; so each commit states exactly how many
 * input events the whole job had taken in by then, whatever it wrote for them.
 *
 * <p>The rate is the events between the first commit and the last one before the input ran out,
 * divided by the time between them: a span in which the job was busy throughout, without its
 * start-up and without the idle tail of the last checkpoint interval. The process's CPU time over
 * the same span, per event, is given too, since the rate depends on what else shares the machine.
 */
final class CommittedRate {
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * What was measured: events per second, CPU microseconds per event, and how many of the input
   * events the job had committed when the measuring stopped.
   */
  record Measured(double eventsPerSecond, double cpuMicrosPerEvent, long processed) {}

  /** One commit of the job's offsets as the bench saw it. */
  private record Commit(long processed, long nanos, long cpuNanos) {}

  private CommittedRate() {}

  /**
   * The number of records on the job's input topics now: their end offsets, for topics written
   * without transactions (no commit markers).
   */
  static long inputRecords(Admin admin, Job job) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    admin
        .describeTopics(topics(job))
        .allTopicNames()
        .get()
        .forEach(
            (name, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    return admin.listOffsets(latest).all().get().values().stream()
        .mapToLong(info -> info.offset())
        .sum();
  }

  /**
   * Follows the job's commits, from a job just started, until it has committed {@code total} input
   * events or the deadline passes.
   *
   * @throws IllegalStateException when the job committed nothing before the deadline
   */
  static Measured measure(Admin admin, Job job, long total, Duration deadline) throws Exception {
    Commit started = commit(0);
    List<Commit> commits = awaitCommits(admin, job, total, deadline);
    if (commits.isEmpty()) {
      throw new IllegalStateException(
          "the " + job.id() + " job committed no offsets within " + deadline.toMinutes() + " min");
    }
    Commit first = commits.get(0);
    Commit last = commits.get(commits.size() - 1);
    Commit lastBusy =
        commits.stream().filter(c -> c.processed() < total).reduce((a, b) -> b).orElse(first);
    if (lastBusy != first) {
      last = lastBusy;
    } else {
      // A backlog done within two checkpoints: measured from the job's start, start-up included.
      first = started;
    }
    long events = last.processed() - first.processed();
    double seconds = Math.max(1e-3, (last.nanos() - first.nanos()) / 1e9);
    return new Measured(
        events / seconds,
        (last.cpuNanos() - first.cpuNanos()) / 1e3 / Math.max(1, events),
        commits.get(commits.size() - 1).processed());
  }

  private static List<String> topics(Job job) {
    return job.inputs().stream().<String>map(Topic::name).toList();
  }

  /** Polls the job's committed offsets and keeps each change, until all of the input is in. */
  private static List<Commit> awaitCommits(Admin admin, Job job, long total, Duration deadline)
      throws Exception {
    Set<String> topics = Set.copyOf(topics(job));
    List<Commit> commits = new ArrayList<>();
    long end = System.nanoTime() + deadline.toNanos();
    long processed = 0;
    while (processed < total && System.nanoTime() < end) {
      Thread.sleep(POLL.toMillis());
      long now =
          admin
              .listConsumerGroupOffsets(job.consumerGroup())
              .partitionsToOffsetAndMetadata()
              .get()
              .entrySet()
              .stream()
              .filter(entry -> topics.contains(entry.getKey().topic()) && entry.getValue() != null)
              .map(Map.Entry::getValue)
              .collect(Collectors.summingLong(OffsetAndMetadata::offset));
      if (now != processed) {
        processed = now;
        commits.add(commit(processed));
      }
    }
    return commits;
  }

  private static Commit commit(long processed) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Commit(processed, System.nanoTime(), os.getProcessCpuTime());
  }
}
