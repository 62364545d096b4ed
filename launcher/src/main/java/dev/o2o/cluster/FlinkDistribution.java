package dev.o2o.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * What a Flink distribution's {@code bin/} scripts and {@code lib/} folder give its JVMs, built
 * from the engine's own class path: Flink's runtime and its libraries without any class of the
 * engine's jobs, so the jobs run from the submitted jar alone, as on any Flink cluster; a {@code
 * config.yaml}; a logging config; and the memory settings Flink's scripts compute for each process.
 */
final class FlinkDistribution {
  static final String LOG_CONFIG = "log4j2.properties";

  /**
   * Class path entries a Flink distribution does not hold: the engine's own modules and what the
   * jobs jar brings itself (the Kafka connector and client). Left on the cluster's class path, the
   * connector (loaded parent-first, as every {@code org.apache.flink} class is) would meet a second
   * Kafka client from the jar.
   */
  private static final List<String> NOT_IN_DISTRIBUTION =
      List.of(
          "/org/apache/flink/flink-connector-kafka/",
          "/org/apache/flink/flink-connector-base/",
          "/org/apache/kafka/kafka-clients/");

  private FlinkDistribution() {}

  /**
   * The Flink JVMs' class path: {@code engineClassPath} without the entries above, plus a folder
   * under {@code flinkDir} holding the {@link ParentWatch} class alone.
   */
  static String classPath(String engineClassPath, Path flinkDir) throws IOException {
    Path watch = flinkDir.resolve("watch");
    String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
    Path classFile = watch.resolve(resource);
    Files.createDirectories(classFile.getParent());
    try (InputStream in = ParentWatch.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("cannot read " + resource + " from the class path");
      }
      Files.write(classFile, in.readAllBytes());
    }
    List<String> entries = new ArrayList<>();
    entries.add(watch.toString());
    for (String entry : engineClassPath.split(File.pathSeparator)) {
      if (!entry.isBlank() && inDistribution(entry)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  static boolean inDistribution(String entry) {
    String path = entry.replace('\\', '/');
    String file = path.substring(path.lastIndexOf('/') + 1);
    boolean engineModule =
        file.startsWith("o2o-")
            || path.endsWith("/target/classes")
            || path.endsWith("/target/test-classes");
    return !engineModule && NOT_IN_DISTRIBUTION.stream().noneMatch(path::contains);
  }

  /** Writes {@code config.yaml} and the logging config into {@code conf}. */
  static void writeConfig(Path conf, Map<String, String> settings) throws IOException {
    Files.createDirectories(conf);
    String yaml =
        new TreeMap<>(settings)
            .entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n", "# Written by the O2O local cluster.\n", "\n"));
    Files.writeString(conf.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
    Files.writeString(
        conf.resolve(LOG_CONFIG),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.console.ref = console",
            "appender.console.name = console",
            "appender.console.type = CONSOLE",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "logger.geode.name = org.apache.geode",
            "logger.geode.level = WARN",
            "logger.o2o.name = dev.o2o",
            "logger.o2o.level = INFO",
            ""),
        StandardCharsets.UTF_8);
  }

  /**
   * The JVM options (heap, direct and metaspace limits) and the dynamic properties ({@code -D
   * key=value}) that size a JobManager, computed from the config as Flink's {@code
   * bin/jobmanager.sh} has its {@code BashJavaUtils} compute them.
   */
  static Sizing jobManagerSizing(Map<String, String> settings) {
    Configuration conf = Configuration.fromMap(settings);
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
    return new Sizing(
        split(JobManagerProcessUtils.generateJvmParametersStr(spec, conf)),
        split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
  }

  /** The same for a TaskManager, as {@code bin/taskmanager.sh} computes them. */
  static Sizing taskManagerSizing(Map<String, String> settings) {
    TaskExecutorProcessSpec spec =
        TaskExecutorProcessUtils.processSpecFromConfig(Configuration.fromMap(settings));
    return new Sizing(
        split(ProcessMemoryUtils.generateJvmParametersStr(spec)),
        split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
  }

  /** JVM options, and arguments for the entry point. */
  record Sizing(List<String> jvmOptions, List<String> dynamicProperties) {}

  private static List<String> split(String options) {
    String trimmed = options.trim();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }
}
