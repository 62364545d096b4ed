package dev.o2o.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.geode.cache.Cache;
import org.apache.geode.cache.CacheFactory;
import org.apache.geode.cache.PartitionAttributesFactory;
import org.apache.geode.cache.RegionShortcut;
import org.apache.geode.cache.server.CacheServer;
import org.apache.geode.distributed.Locator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One Geode member of the state store, run as its own JVM because Geode allows a single cache per
 * JVM and every user of the data is a client. By default it is a whole cluster in one process: an
 * embedded locator, a cache server, and every region of {@link Regions#ALL} as a persistent
 * partitioned region, so a restart continues with the data on disk. Given {@code --locators} it
 * joins an external locator instead (a distributed deployment); with {@code --locator-only} it is
 * that locator. All Geode files (disk store, logs, statistics) live under {@code --dir}.
 *
 * <p>It prints {@value #READY} once clients can connect, and closes the cache on SIGTERM so the
 * disk store is left clean.
 */
@Command(
    name = "geode-server",
    mixinStandardHelpOptions = true,
    description = "Runs a Geode member of the O2O state store.")
public final class GeodeServer implements Callable<Integer> {
  /** The start of the one line printed when the member serves clients. */
  public static final String READY = "GEODE READY";

  static final String DISK_STORE = "o2o-store";

  /**
   * The locator's weight in Geode's network partition detection, which shuts down the side of a
   * split that lost more than half the cluster's weight at once. By default a locator weighs 3, a
   * server 10 and the first server 15: with one locator and two servers, a crash of the first
   * server took 15 of 28 and the locator and the surviving server shut themselves down. With 17
   * added, the lone locator weighs 20 and no single member's crash takes half.
   */
  static final int LOCATOR_EXTRA_WEIGHT = 17;

  private static final String LOG_CONFIG_PROPERTY = "log4j2.configurationFile";

  @Option(names = "--dir", required = true, description = "Directory for disk store, logs, stats.")
  Path dir;

  @Option(names = "--bind", defaultValue = "localhost", description = "Address to listen on.")
  String bind;

  @Option(names = "--locator-port", defaultValue = "10334", description = "Embedded locator port.")
  int locatorPort;

  @Option(names = "--server-port", defaultValue = "40404", description = "Cache server port.")
  int serverPort;

  @Option(
      names = "--locators",
      description = "External locator(s) as host[port],... to join instead of starting one.")
  String locators;

  @Option(names = "--locator-only", description = "Run only a locator (no data, no cache server).")
  boolean locatorOnly;

  @Option(
      names = "--hostname-for-clients",
      description = "Host name the locator gives clients for this member (e.g. a service name).")
  String hostnameForClients;

  @Option(
      names = "--name",
      description = "Member name, unique in the cluster (default: role, host and port).")
  String name;

  @Option(
      names = "--redundancy",
      defaultValue = "0",
      description = "Redundant copies of each bucket (needs that many more servers).")
  int redundancy;

  @Option(names = "--exit-with", description = "Exit when the process with this id ends.")
  Long parentPid;

  @Spec CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  public static void main(String[] args) {
    if (System.getProperty(LOG_CONFIG_PROPERTY) == null) {
      System.setProperty(LOG_CONFIG_PROPERTY, "classpath:dev/o2o/store/geode-server-log4j2.xml");
    }
    int exit = new CommandLine(new GeodeServer()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Files.createDirectories(dir);
    System.setProperty("gemfire.disableShutdownHook", "true");
    Runnable stop = locatorOnly ? startLocator() : startServer();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  stopped.countDown();
                },
                "geode-server-stop"));
    if (parentPid != null) {
      ProcessHandle.of(parentPid)
          .ifPresentOrElse(
              parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }
    stopped.await();
    return 0;
  }

  void validate() {
    if (locatorOnly && locators != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--locator-only and --locators exclude each other");
    }
    if (redundancy < 0 || redundancy > 3) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--redundancy must be between 0 and 3");
    }
  }

  private Runnable startServer() throws IOException {
    Properties properties =
        commonProperties(name != null ? name : "o2o-server-" + host() + "-" + serverPort);
    String locatorAddress = bind + "[" + locatorPort + "]";
    if (locators == null) {
      properties.setProperty("start-locator", locatorAddress);
      properties.setProperty("locators", locatorAddress);
    } else {
      properties.setProperty("locators", locators);
    }
    if (!isWildcard(bind)) {
      properties.setProperty("bind-address", bind);
    }
    Cache cache = new CacheFactory(properties).create();
    try {
      createRegions(cache);
      CacheServer server = cache.addCacheServer();
      server.setPort(serverPort);
      server.setBindAddress(isWildcard(bind) ? "" : bind);
      if (hostnameForClients != null) {
        server.setHostnameForClients(hostnameForClients);
      }
      server.start();
      System.out.println(readyLine(locators == null ? locatorAddress : locators, server.getPort()));
      System.out.flush();
    } catch (IOException | RuntimeException e) {
      cache.close();
      throw e;
    }
    return cache::close;
  }

  private void createRegions(Cache cache) {
    File disk = dir.resolve("disk").toFile();
    if (!disk.isDirectory() && !disk.mkdirs()) {
      throw new UncheckedIOException(new IOException("cannot create " + disk));
    }
    cache.createDiskStoreFactory().setDiskDirs(new File[] {disk}).create(DISK_STORE);
    for (String region : Regions.ALL) {
      cache
          .<String, String>createRegionFactory(RegionShortcut.PARTITION_PERSISTENT)
          .setDiskStoreName(DISK_STORE)
          .setPartitionAttributes(
              new PartitionAttributesFactory<String, String>()
                  .setRedundantCopies(redundancy)
                  .create())
          .create(region);
    }
  }

  private Runnable startLocator() throws IOException {
    Properties properties =
        commonProperties(name != null ? name : "o2o-locator-" + host() + "-" + locatorPort);
    if (hostnameForClients != null) {
      properties.setProperty("hostname-for-clients", hostnameForClients);
    }
    // Geode reads the extra weight from a system property when the locator's membership starts.
    System.setProperty("gemfire.member-weight", String.valueOf(LOCATOR_EXTRA_WEIGHT));
    InetAddress address = isWildcard(bind) ? null : InetAddress.getByName(bind);
    Locator locator = Locator.startLocatorAndDS(locatorPort, null, address, properties);
    System.out.println(READY + " locator=" + bind + "[" + locator.getPort() + "]");
    System.out.flush();
    return locator::stop;
  }

  private Properties commonProperties(String memberName) {
    Properties properties = new Properties();
    properties.setProperty("name", memberName);
    properties.setProperty("mcast-port", "0");
    properties.setProperty("statistic-sampling-enabled", "true");
    properties.setProperty("statistic-archive-file", dir.resolve(memberName + ".gfs").toString());
    properties.setProperty("archive-file-size-limit", "10");
    properties.setProperty("archive-disk-space-limit", "100");
    properties.setProperty("deploy-working-dir", dir.toString());
    // No JMX manager, HTTP service or cluster configuration: they open extra fixed ports and
    // write into the working directory, and the engine configures regions in code.
    properties.setProperty("jmx-manager", "false");
    properties.setProperty("jmx-manager-start", "false");
    properties.setProperty("http-service-port", "0");
    properties.setProperty("enable-cluster-configuration", "false");
    properties.setProperty("use-cluster-configuration", "false");
    return properties;
  }

  static String readyLine(String locators, int serverPort) {
    return READY + " locator=" + locators + " server=" + serverPort;
  }

  /** This member's host as clients and peers know it, for a member name unique in the cluster. */
  private String host() throws IOException {
    if (hostnameForClients != null) {
      return hostnameForClients;
    }
    return isWildcard(bind) ? InetAddress.getLocalHost().getHostName() : bind;
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
  }
}
