package dev.o2o.cluster;

import static dev.o2o.launcher.EmbeddedEngine.freePort;

import dev.o2o.config.ConfigLoader;
import dev.o2o.config.EngineConfig;
import dev.o2o.gateway.BrokerMain;
import dev.o2o.gateway.GatewayMain;
import dev.o2o.jobs.EngineJobs.Job;
import dev.o2o.launcher.O2o;
import dev.o2o.launcher.TopicSetup;
import dev.o2o.store.GeodeServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed deployment's shape on one machine, every part a JVM of its own: a Kafka broker,
 * the MQTT broker, a Geode locator and data servers (partitioned regions with a redundant copy, so
 * the data survives the loss of one server), a Flink JobManager and TaskManagers started as a Flink
 * distribution starts them, the jobs jar submitted with Flink's command line client as to any Flink
 * cluster, the edge gateway and the HTTP API. It mirrors the services of {@code
 * docker-compose.yml}; the topics are created from here, where compose runs {@code o2o topics}.
 *
 * <p>Each service writes its output to {@code engine.dataDir/logs/<service>.log}. Every child exits
 * when this JVM exits, even when it is killed ({@link ParentWatch}); {@link #close} stops them in
 * the reverse order of their start. Tests kill single services with {@link ServiceProcess#kill} and
 * bring them back with {@link #restart} or {@link #startTaskManager}.
 */
public final class LocalCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  public static final String KAFKA = "kafka";
  public static final String MQTT = "mqtt";
  public static final String GEODE_LOCATOR = "geode-locator";
  public static final String JOB_MANAGER = "jobmanager";
  public static final String GATEWAY = "gateway";
  public static final String API = "api";

  /**
   * The services of {@code docker-compose.yml} that the default layout (two TaskManagers, two Geode
   * servers) mirrors, one process each; {@code topics} and {@code jobs} are the one-off steps that
   * create the topics and submit the jobs jar.
   */
  public static final List<String> DEPLOYMENT_SERVICES =
      List.of(
          KAFKA,
          "topics",
          MQTT,
          GEODE_LOCATOR,
          "geode-server-1",
          "geode-server-2",
          JOB_MANAGER,
          "taskmanager",
          "jobs",
          GATEWAY,
          API);

  /**
   * Flink settings shared with {@code docker-compose.yml}: a lost TaskManager is noticed within
   * five seconds, and the jobs restart from their last checkpoint as often as it takes.
   */
  public static final Map<String, String> SHARED_FLINK_SETTINGS =
      Map.of(
          "heartbeat.interval", "1000",
          "heartbeat.timeout", "5000",
          "restart-strategy.type", "fixed-delay",
          "restart-strategy.fixed-delay.attempts", "2147483647",
          "restart-strategy.fixed-delay.delay", "1 s");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final String API_READY = "O2O API and dashboard on port";

  /**
   * The module openings a Flink distribution sets for every JVM on JDK 17 ({@code
   * env.java.opts.all}), and those Geode's launcher sets; every child gets both.
   */
  static final List<String> JVM_FLAGS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-exports=java.management/com.sun.jmx.remote.security=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.management/sun.management=ALL-UNNAMED");

  /**
   * How the cluster is laid out.
   *
   * @param configFile the engine's config file, read by every service
   * @param profile the profile of it to apply
   * @param overrides single-key overrides, passed on to every service
   * @param taskManagers how many TaskManagers to start
   * @param slotsPerTaskManager slots of each; 0 spreads the three jobs' tasks over them
   * @param geodeServers how many Geode data servers; with two or more, regions keep one redundant
   *     copy of every bucket
   * @param flinkRestPort the JobManager's REST port (0: a free one)
   * @param gatewayMetricsPort the gateway's {@code /metrics} and {@code /health} port (0: a free
   *     one)
   * @param jobsJar the jobs jar to submit
   * @param taskManagerMemory each TaskManager's total process memory, e.g. {@code 1280m}
   * @param jvmOptions extra options for every child JVM
   */
  public record Settings(
      Path configFile,
      String profile,
      Map<String, String> overrides,
      int taskManagers,
      int slotsPerTaskManager,
      int geodeServers,
      int flinkRestPort,
      int gatewayMetricsPort,
      Path jobsJar,
      String taskManagerMemory,
      List<String> jvmOptions) {
    public Settings {
      overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
      jvmOptions = List.copyOf(jvmOptions);
      if (taskManagers < 1) {
        throw new IllegalArgumentException("at least one TaskManager is needed");
      }
      if (geodeServers < 1) {
        throw new IllegalArgumentException("at least one Geode server is needed");
      }
      if (!Files.isRegularFile(jobsJar)) {
        throw new IllegalArgumentException(
            "no jobs jar at "
                + jobsJar.toAbsolutePath()
                + " (mvn -DskipTests package builds flink-jobs/target/o2o-flink-jobs-*-jobs.jar)");
      }
    }
  }

  private final Settings settings;
  private final Map<String, String> serviceOverrides;
  private final EngineConfig config;
  private final Path dataDir;
  private final Path logDir;
  private final Path flinkConf;
  private final String javaBinary;
  private final String engineClassPath;
  private final String flinkClassPath;
  private final Map<String, ServiceProcess> services =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Readiness> readiness = new LinkedHashMap<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "local-cluster-stop");
  private final int flinkRestPort;
  private final int gatewayMetricsPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private FlinkRest flink;
  private FlinkDistribution.Sizing taskManagerSizing;
  private int taskManagersStarted;
  private Duration startupTime;

  /** Waits until a (re)started service serves again. */
  private interface Readiness {
    void await(ServiceProcess service) throws Exception;
  }

  private LocalCluster(Settings settings) throws IOException {
    this.settings = settings;
    Map<String, String> overrides = new LinkedHashMap<>(settings.overrides());
    EngineConfig loaded =
        ConfigLoader.load(settings.configFile(), settings.profile(), settings.overrides());
    // Children run in directories of their own: give them the data directory as an absolute path.
    overrides.put("engine.dataDir", loaded.engine().dataDir().toAbsolutePath().toString());
    this.serviceOverrides = overrides;
    this.config = ConfigLoader.load(settings.configFile(), settings.profile(), overrides);
    this.dataDir = config.engine().dataDir();
    this.logDir = dataDir.resolve("logs");
    this.flinkConf = dataDir.resolve("flink").resolve("conf");
    this.javaBinary =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Absolute, since some children run in directories of their own.
    this.engineClassPath =
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(entry -> !entry.isBlank())
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    this.flinkClassPath = FlinkDistribution.classPath(engineClassPath, flinkConf.getParent());
    this.flinkRestPort = settings.flinkRestPort() > 0 ? settings.flinkRestPort() : freePort();
    this.gatewayMetricsPort =
        settings.gatewayMetricsPort() > 0 ? settings.gatewayMetricsPort() : freePort();
  }

  /** Starts every service and returns once the jobs run and the gateway and API serve. */
  public static LocalCluster start(Settings settings) throws Exception {
    LocalCluster cluster = new LocalCluster(settings);
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startAll();
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void startAll() throws Exception {
    long begin = System.nanoTime();
    Files.createDirectories(logDir);
    int slots =
        settings.slotsPerTaskManager() > 0
            ? settings.slotsPerTaskManager()
            : (Job.values().length * config.engine().parallelism() + settings.taskManagers() - 1)
                / settings.taskManagers();
    Map<String, String> flinkSettings = new LinkedHashMap<>(SHARED_FLINK_SETTINGS);
    flinkSettings.putAll(
        Map.ofEntries(
            Map.entry("jobmanager.rpc.address", "localhost"),
            Map.entry("jobmanager.rpc.port", String.valueOf(freePort())),
            Map.entry("jobmanager.bind-host", "localhost"),
            Map.entry("jobmanager.memory.process.size", "768m"),
            Map.entry("taskmanager.host", "localhost"),
            Map.entry("taskmanager.bind-host", "localhost"),
            Map.entry("taskmanager.numberOfTaskSlots", String.valueOf(slots)),
            Map.entry("taskmanager.memory.process.size", settings.taskManagerMemory()),
            Map.entry("rest.address", "localhost"),
            Map.entry("rest.bind-address", "localhost"),
            Map.entry("rest.port", String.valueOf(flinkRestPort)),
            Map.entry("parallelism.default", String.valueOf(config.engine().parallelism())),
            Map.entry("cluster.evenly-spread-out-slots", "true")));
    FlinkDistribution.writeConfig(flinkConf, flinkSettings);
    flink = new FlinkRest("http://localhost:" + flinkRestPort);

    // Launch what depends on nothing, then compute the Flink memory settings while they boot.
    launchOwn(
        KAFKA,
        "512m",
        O2o.class.getName(),
        concat(
            List.of("kafka"),
            engineArgs(),
            List.of("--controller-port", String.valueOf(freePort()))),
        null,
        kafka -> kafka.awaitLine("KAFKA READY", START_TIMEOUT));
    int locatorPort = config.geode().locatorPort();
    String locatorHost = config.geode().locatorHost();
    Path geodeDir = dataDir.resolve("geode");
    launchOwn(
        GEODE_LOCATOR,
        "256m",
        GeodeServer.class.getName(),
        List.of(
            "--locator-only",
            "--dir",
            geodeDir.resolve("locator").toString(),
            "--bind",
            locatorHost,
            "--locator-port",
            String.valueOf(locatorPort),
            "--name",
            GEODE_LOCATOR),
        geodeDir.resolve("locator"),
        locator -> locator.awaitLine(GeodeServer.READY, START_TIMEOUT));
    launchOwn(
        MQTT,
        "256m",
        BrokerMain.class.getName(),
        engineArgs(),
        null,
        broker ->
            broker.await(
                "accepting MQTT connections",
                START_TIMEOUT,
                () -> accepts(config.mqtt().host(), config.mqtt().port())));
    FlinkDistribution.Sizing jobManager = FlinkDistribution.jobManagerSizing(flinkSettings);
    taskManagerSizing = FlinkDistribution.taskManagerSizing(flinkSettings);
    launchFlink(
        JOB_MANAGER,
        jobManager.jvmOptions(),
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
        concat(List.of("--configDir", flinkConf.toString()), jobManager.dynamicProperties()),
        jm -> jm.await("answering REST at " + flink.url(), START_TIMEOUT, flink::answers));
    for (int i = 0; i < settings.taskManagers(); i++) {
      startTaskManager();
    }

    awaitReady(GEODE_LOCATOR);
    int redundancy = Math.min(1, settings.geodeServers() - 1);
    for (int n = 1; n <= settings.geodeServers(); n++) {
      String name = "geode-server-" + n;
      Path dir = geodeDir.resolve("server-" + n);
      int port = n == 1 ? config.geode().serverPort() : freePort();
      launchOwn(
          name,
          config.geode().serverHeap(),
          GeodeServer.class.getName(),
          List.of(
              "--dir",
              dir.toString(),
              "--bind",
              locatorHost,
              "--locators",
              locatorHost + "[" + locatorPort + "]",
              "--server-port",
              String.valueOf(port),
              "--redundancy",
              String.valueOf(redundancy),
              "--name",
              name),
          dir,
          server -> server.awaitLine(GeodeServer.READY, START_TIMEOUT));
    }
    awaitReady(KAFKA);
    List<String> created = TopicSetup.ensure(config.kafka());
    LOG.info("Kafka topics created: {}", created);
    awaitReady(MQTT);
    launchOwn(
        GATEWAY,
        "384m",
        GatewayMain.class.getName(),
        concat(engineArgs(), List.of("--metrics-port", String.valueOf(gatewayMetricsPort))),
        null,
        gateway ->
            gateway.await("healthy at " + gatewayHealthUrl(), START_TIMEOUT, this::gatewayHealthy));
    for (int n = 1; n <= settings.geodeServers(); n++) {
      awaitReady("geode-server-" + n);
    }
    launchOwn(
        API,
        "384m",
        O2o.class.getName(),
        concat(List.of("api"), engineArgs()),
        null,
        api -> api.awaitLine(API_READY, START_TIMEOUT));
    awaitReady(JOB_MANAGER);
    awaitTaskManagers(settings.taskManagers(), START_TIMEOUT);
    submitJobs();
    awaitJobsRunning(START_TIMEOUT);
    awaitReady(GATEWAY);
    awaitReady(API);
    startupTime = Duration.ofNanos(System.nanoTime() - begin);
  }

  /** Submits the jobs jar with Flink's command line client, as {@code flink run -d} does. */
  private void submitJobs() throws Exception {
    List<String> command =
        javaCommand(
            "submit",
            List.of("-Xmx256m"),
            flinkClassPath,
            "org.apache.flink.client.cli.CliFrontend",
            concat(
                List.of(
                    "run",
                    "-d",
                    "-m",
                    "localhost:" + flinkRestPort,
                    settings.jobsJar().toAbsolutePath().toString()),
                engineArgs(),
                List.of("--job", "all")));
    ServiceProcess submit =
        ServiceProcess.launch(
            "submit", command, flinkEnvironment(), logDir.resolve("submit.log"), null);
    int exit = submit.awaitExit(START_TIMEOUT);
    if (exit != 0) {
      throw new IllegalStateException(
          "submitting the jobs failed with exit code "
              + exit
              + "; end of "
              + submit.log()
              + ":\n"
              + submit.tail(40));
    }
  }

  /** Launches one more TaskManager (named taskmanager-N); it registers with the JobManager. */
  public ServiceProcess startTaskManager() throws IOException {
    taskManagersStarted++;
    String name = "taskmanager-" + taskManagersStarted;
    return launchFlink(
        name,
        taskManagerSizing.jvmOptions(),
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        concat(List.of("--configDir", flinkConf.toString()), taskManagerSizing.dynamicProperties()),
        tm -> {});
  }

  /** Waits until this many TaskManagers are registered with the JobManager. */
  public void awaitTaskManagers(int count, Duration timeout) throws InterruptedException {
    service(JOB_MANAGER)
        .await(
            count + " TaskManagers registered",
            timeout,
            () -> {
              try {
                return flink.taskManagers() >= count;
              } catch (IOException e) {
                return false;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });
  }

  /** Waits until every job runs with all its tasks. */
  public void awaitJobsRunning(Duration timeout) throws InterruptedException {
    service(JOB_MANAGER)
        .await("running the " + Job.values().length + " jobs", timeout, this::jobsRunning);
  }

  /** Whether every job runs with all its tasks right now. */
  public boolean jobsRunning() {
    try {
      List<FlinkRest.JobState> jobs = flink.jobs();
      return jobs.size() >= Job.values().length
          && jobs.stream().filter(FlinkRest.JobState::fullyRunning).count() == Job.values().length;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts a service that ended (was killed) again with the same command line, and waits until it
   * serves. A Geode server that finds its old self not yet gone from the cluster exits; it is tried
   * again.
   */
  public void restart(String name) throws Exception {
    ServiceProcess service = service(name);
    int attempts = 0;
    while (true) {
      service.restart();
      try {
        readiness.get(name).await(service);
        return;
      } catch (IllegalStateException e) {
        if (service.isAlive() || ++attempts >= 5) {
          throw e;
        }
        LOG.info("{} exited while starting again; retrying", name);
        Thread.sleep(2_000);
      }
    }
  }

  public ServiceProcess service(String name) {
    ServiceProcess service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("no service " + name + " in " + services.keySet());
    }
    return service;
  }

  public List<ServiceProcess> services() {
    synchronized (services) {
      return List.copyOf(services.values());
    }
  }

  public EngineConfig config() {
    return config;
  }

  public FlinkRest flink() {
    return flink;
  }

  public String apiUrl() {
    return "http://localhost:" + config.http().port();
  }

  public String gatewayHealthUrl() {
    return "http://localhost:" + gatewayMetricsPort + "/health";
  }

  public Path logDir() {
    return logDir;
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** Whether the gateway answers its health check with 200. */
  public boolean gatewayHealthy() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(gatewayHealthUrl()))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitReady(String name) throws Exception {
    readiness.get(name).await(service(name));
  }

  private ServiceProcess launchOwn(
      String name,
      String heap,
      String mainClass,
      List<String> args,
      Path workingDir,
      Readiness ready)
      throws IOException {
    return launch(
        name,
        javaCommand(name, List.of("-Xmx" + heap), engineClassPath, mainClass, args),
        Map.of(),
        workingDir,
        ready);
  }

  private ServiceProcess launchFlink(
      String name, List<String> memory, String mainClass, List<String> args, Readiness ready)
      throws IOException {
    return launch(
        name,
        javaCommand(name, memory, flinkClassPath, mainClass, args),
        flinkEnvironment(),
        null,
        ready);
  }

  private ServiceProcess launch(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workingDir,
      Readiness ready)
      throws IOException {
    ServiceProcess service =
        ServiceProcess.launch(
            name, command, environment, logDir.resolve(name + ".log"), workingDir);
    services.put(name, service);
    readiness.put(name, ready);
    LOG.info("started {} as pid {}", name, service.pid());
    return service;
  }

  private Map<String, String> flinkEnvironment() {
    return Map.of("FLINK_CONF_DIR", flinkConf.toString());
  }

  List<String> javaCommand(
      String name, List<String> memory, String classPath, String mainClass, List<String> args)
      throws IOException {
    Path tmp = dataDir.resolve("tmp").resolve(name);
    Files.createDirectories(tmp);
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.addAll(memory);
    command.addAll(settings.jvmOptions());
    command.addAll(JVM_FLAGS);
    command.add("-Djava.io.tmpdir=" + tmp);
    if (classPath.equals(flinkClassPath)) {
      command.add(
          "-Dlog4j.configurationFile=" + flinkConf.resolve(FlinkDistribution.LOG_CONFIG).toUri());
    }
    command.add("-cp");
    command.add(classPath);
    command.add(ParentWatch.class.getName());
    command.add(String.valueOf(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** The options every service is started with: the same config, profile and overrides. */
  private List<String> engineArgs() {
    List<String> args = new ArrayList<>();
    args.add("--config");
    args.add(settings.configFile().toAbsolutePath().toString());
    args.add("--profile");
    args.add(settings.profile());
    serviceOverrides.forEach(
        (key, value) -> {
          args.add("--set");
          args.add(key + "=" + value);
        });
    return args;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    Arrays.stream(parts).forEach(all::addAll);
    return all;
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops every service, last started first. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running and stops the services itself
    }
    stopAll();
  }

  private void stopAll() {
    List<ServiceProcess> stopOrder = new ArrayList<>(services());
    stopOrder.sort(java.util.Comparator.comparingInt(service -> stopRank(service.name())));
    for (ServiceProcess service : stopOrder) {
      service.close();
    }
  }

  /** Stops what takes traffic in first, then the jobs, then the state and the brokers. */
  private static int stopRank(String name) {
    if (name.equals(API) || name.equals(GATEWAY)) {
      return 0;
    }
    if (name.startsWith("taskmanager-")) {
      return 1;
    }
    if (name.equals(JOB_MANAGER)) {
      return 2;
    }
    if (name.startsWith("geode-server-")) {
      return 3;
    }
    return name.equals(GEODE_LOCATOR) ? 4 : name.equals(MQTT) ? 5 : 6;
  }
}
