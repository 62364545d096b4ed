package dev.o2o.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One service of the local cluster, running as a child JVM with its output appended to a log file
 * of its own. It can be stopped (SIGTERM, then SIGKILL after a grace period), killed outright as a
 * crash would, and started again with the same command line, which appends to the same log.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final Path workingDir;
  private Process process;
  private long logStart;

  private ServiceProcess(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      Path workingDir) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.workingDir = workingDir;
  }

  /**
   * Launches the command in {@code workingDir} (null: this process's); it does not wait for the
   * service to be ready.
   */
  static ServiceProcess launch(
      String name, List<String> command, Map<String, String> environment, Path log, Path workingDir)
      throws IOException {
    ServiceProcess service = new ServiceProcess(name, command, environment, log, workingDir);
    service.launch();
    return service;
  }

  private void launch() throws IOException {
    Files.createDirectories(log.getParent());
    logStart = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (workingDir != null) {
      Files.createDirectories(workingDir);
      builder.directory(workingDir.toFile());
    }
    builder.environment().putAll(environment);
    process = builder.start();
  }

  /** Starts the same command again after the process ended (or was killed). */
  public synchronized void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running as pid " + process.pid());
    }
    launch();
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Waits until the service printed a line starting with {@code prefix} since it was launched. */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String line : linesSinceLaunch()) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      checkAlive(deadline, timeout, "printing '" + prefix + "'");
      Thread.sleep(100);
    }
  }

  /** Waits until {@code ready} holds, failing early if the process exits. */
  public void await(String what, Duration timeout, BooleanSupplier ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (ready.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // keep polling until the deadline
      }
      checkAlive(deadline, timeout, what);
      Thread.sleep(100);
    }
  }

  private void checkAlive(long deadline, Duration timeout, String what) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with code "
              + process.exitValue()
              + " before "
              + what
              + "; end of "
              + log
              + ":\n"
              + tail(40));
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          name
              + " not "
              + what
              + " within "
              + timeout.toSeconds()
              + " s; end of "
              + log
              + ":\n"
              + tail(40));
    }
  }

  /** Waits for a one-off command to end and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          name
              + " did not end within "
              + timeout.toSeconds()
              + " s; end of "
              + log
              + ":\n"
              + tail(40));
    }
    return process.exitValue();
  }

  /** Ends the process with SIGKILL, as a crash of the machine or the JVM would, and waits. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the service with SIGTERM, so it shuts down cleanly; kills it after 20 s. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private List<String> linesSinceLaunch() {
    return readFrom(logStart).lines().toList();
  }

  /** The last lines the process wrote since it was launched. */
  public String tail(int lines) {
    List<String> all = linesSinceLaunch();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private String readFrom(long offset) {
    if (!Files.exists(log)) {
      return "";
    }
    try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
      long length = in.length();
      long from = Math.max(offset, length - (4 << 20));
      byte[] bytes = new byte[(int) Math.max(0, length - from)];
      in.seek(from);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name + (process != null && process.isAlive() ? " (pid " + process.pid() + ")" : "");
  }
}
