package dev.o2o.store;

import dev.o2o.config.GeodeSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GeodeServer} running as a child JVM of this one, for the embedded default. Geode allows
 * one cache per JVM and everything else in this JVM is a client, so the server lives next door: it
 * gets the same classpath and java binary, writes its output to {@code DIR/geode-server.log}, and
 * exits with its parent, whether the parent closes it, is interrupted, or dies.
 */
public final class GeodeServerProcess implements AutoCloseable {
  public static final String LOG_FILE = "geode-server.log";
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /** The JVM flags Geode's own launcher sets; without them Geode logs access errors on JDK 17. */
  static final List<String> GEODE_JVM_FLAGS =
      List.of(
          "--add-exports=java.management/com.sun.jmx.remote.security=ALL-UNNAMED",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.management/sun.management=ALL-UNNAMED");

  private final Process process;
  private final Path log;
  private final String readyLine;
  private final Thread shutdownHook;

  private GeodeServerProcess(Process process, Path log, String readyLine) {
    this.process = process;
    this.log = log;
    this.readyLine = readyLine;
    this.shutdownHook = new Thread(this::stop, "geode-server-process-stop");
  }

  /**
   * Starts the server with the locator and server ports of {@code settings} on {@code
   * settings.locatorHost()}, keeping its data under {@code dir}, and returns once clients can
   * connect.
   *
   * @throws IllegalStateException if the server exits or is not ready within 90 s; the message
   *     carries the end of its log
   */
  public static GeodeServerProcess start(GeodeSettings settings, Path dir) throws IOException {
    return launch(settings.serverHeap(), dir, embeddedRole(settings));
  }

  /**
   * Starts a locator alone, as the locator service of a distributed deployment, listening on {@code
   * host:port}; servers and clients find each other through it.
   */
  public static GeodeServerProcess startLocator(String host, int port, Path dir)
      throws IOException {
    return launch(
        "256m",
        dir,
        List.of("--locator-only", "--bind", host, "--locator-port", String.valueOf(port)));
  }

  /** Starts a data server that joins the locator at {@code locatorHost[locatorPort]}. */
  public static GeodeServerProcess startServer(
      String locatorHost, int locatorPort, String bind, int serverPort, String heap, Path dir)
      throws IOException {
    return launch(
        heap,
        dir,
        List.of(
            "--bind",
            bind,
            "--locators",
            locatorHost + "[" + locatorPort + "]",
            "--server-port",
            String.valueOf(serverPort)));
  }

  private static GeodeServerProcess launch(String heap, Path dir, List<String> roleArgs)
      throws IOException {
    Path home = dir.toAbsolutePath();
    Files.createDirectories(home);
    Path log = home.resolve(LOG_FILE);
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Process process =
        new ProcessBuilder(command(heap, home, roleArgs))
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      String ready = awaitReady(process, log, logStart);
      GeodeServerProcess server = new GeodeServerProcess(process, log, ready);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      return server;
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** A server with its own locator: the embedded default's whole state store in one JVM. */
  private static List<String> embeddedRole(GeodeSettings settings) {
    return List.of(
        "--bind", settings.locatorHost(),
        "--locator-port", String.valueOf(settings.locatorPort()),
        "--server-port", String.valueOf(settings.serverPort()));
  }

  static List<String> command(GeodeSettings settings, Path dir) {
    return command(settings.serverHeap(), dir, embeddedRole(settings));
  }

  private static List<String> command(String heap, Path dir, List<String> roleArgs) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + heap);
    command.addAll(GEODE_JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(GeodeServer.class.getName());
    command.addAll(List.of("--dir", dir.toString()));
    command.addAll(roleArgs);
    command.addAll(List.of("--exit-with", String.valueOf(ProcessHandle.current().pid())));
    return command;
  }

  private static String awaitReady(Process process, Path log, long from) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    LogTail tail = new LogTail(log, from);
    while (true) {
      for (String line : tail.newLines()) {
        if (line.startsWith(GeodeServer.READY)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Geode server exited with code "
                + process.exitValue()
                + " before it was ready; end of "
                + log
                + ":\n"
                + tail.lastLines(40));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Geode server not ready within "
                + START_TIMEOUT.toSeconds()
                + " s; end of "
                + log
                + ":\n"
                + tail.lastLines(40));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the Geode server", e);
      }
    }
  }

  /** The line the server printed when ready, e.g. {@code GEODE READY locator=h[p] server=p}. */
  public String readyLine() {
    return readyLine;
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

  /** Stops the server with SIGTERM, so it closes its disk store cleanly; kills it after 15 s. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to run and stops the process itself.
    }
    stop();
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the lines a child appends to its log, from where this start began. */
  private static final class LogTail {
    private final Path file;
    private final long start;
    private long position;
    private final StringBuilder partial = new StringBuilder();

    LogTail(Path file, long start) {
      this.file = file;
      this.start = start;
      this.position = start;
    }

    List<String> newLines() {
      List<String> lines = new ArrayList<>();
      if (!Files.exists(file)) {
        return lines;
      }
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        long length = in.length();
        if (length <= position) {
          return lines;
        }
        byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
        in.seek(position);
        in.readFully(bytes);
        position += bytes.length;
        partial.append(new String(bytes, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int newline;
      while ((newline = partial.indexOf("\n")) >= 0) {
        lines.add(partial.substring(0, newline).stripTrailing());
        partial.delete(0, newline + 1);
      }
      return lines;
    }

    String lastLines(int count) {
      try {
        byte[] all = Files.readAllBytes(file);
        String text =
            new String(
                all,
                (int) Math.min(start, all.length),
                (int) Math.max(0, all.length - start),
                StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
      } catch (IOException e) {
        return "(log unreadable: " + e.getMessage() + ")";
      }
    }
  }
}
