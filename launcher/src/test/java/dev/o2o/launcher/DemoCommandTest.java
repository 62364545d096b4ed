package dev.o2o.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code o2o demo} as a user does, in its own JVM with the simulator, then presses Ctrl-C
 * (SIGINT): the engine prints its URLs, serves the dashboard, and stops cleanly with every child
 * process gone.
 */
class DemoCommandTest {
  @TempDir Path dataDir;

  @Test
  void demoStartsServesTheDashboardAndStopsCleanlyOnCtrlC() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                O2o.class.getName(),
                "demo",
                "--config",
                TestEngines.SHIPPED_CONFIG.toString()));
    for (Map.Entry<String, String> override : TestEngines.freePorts(dataDir).entrySet()) {
      command.add("--set");
      command.add(override.getKey() + "=" + override.getValue());
    }
    command.add("--set");
    command.add("simulator.eventsPerSecond=10");
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (Exception e) {
                // process ended
              }
            });
    reader.start();
    try {
      String dashboard =
          TestEngines.await(
              "the demo's ready line",
              java.time.Duration.ofSeconds(120),
              () -> {
                if (!demo.isAlive()) {
                  throw new AssertionError("demo exited early:\n" + String.join("\n", output));
                }
                return output.stream()
                    .filter(l -> l.trim().startsWith("Dashboard"))
                    .map(l -> l.trim().split("\\s+")[1])
                    .findFirst();
              });
      assertThat(output).anyMatch(l -> l.startsWith("O2O engine ready in"));
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(dashboard)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);

      List<ProcessHandle> children = demo.descendants().toList();
      assertThat(children).as("the Geode server runs as a child JVM").isNotEmpty();
      new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor();
      assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("demo stopped after Ctrl-C").isTrue();
      reader.join(5_000);
      assertThat(output).contains("Stopped.");
      for (ProcessHandle child : children) {
        child.onExit().get(30, TimeUnit.SECONDS);
        assertThat(child.isAlive()).as("child process " + child.pid() + " left running").isFalse();
      }
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }
}
