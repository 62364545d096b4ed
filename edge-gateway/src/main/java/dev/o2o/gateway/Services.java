package dev.o2o.gateway;

import dev.o2o.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * What the service mains share: running a command line with a readable error for a bad config, and
 * keeping a service up until the JVM is asked to stop (SIGTERM, Ctrl-C), then closing its parts in
 * the reverse order they were started.
 */
final class Services {
  private static final Logger LOG = LoggerFactory.getLogger(Services.class);

  private Services() {}

  /** Runs the command and returns its exit code; a config error is one line, not a trace. */
  static int execute(Object command, String... args) {
    return execute(new CommandLine(command), args);
  }

  static int execute(CommandLine commandLine, String... args) {
    commandLine.setExecutionExceptionHandler(
        (error, line, parsed) -> {
          if (error instanceof ConfigException) {
            line.getErr().println(error.getMessage());
            return 2;
          }
          throw error;
        });
    return commandLine.execute(args);
  }

  /** Blocks until the JVM shuts down, then closes the parts, last started first. */
  static void runUntilStopped(String name, List<? extends AutoCloseable> parts)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping {}", name);
                  closeAll(parts);
                  LOG.info("{} stopped", name);
                  stopped.countDown();
                },
                "o2o-shutdown"));
    LOG.info("{} running", name);
    stopped.await();
  }

  /** Closes the parts, last started first, logging rather than throwing what fails. */
  static void closeAll(List<? extends AutoCloseable> parts) {
    List<AutoCloseable> stopOrder = new ArrayList<>(parts);
    Collections.reverse(stopOrder);
    stopOrder.forEach(Services::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("cannot close {} cleanly", part, e);
    }
  }
}
