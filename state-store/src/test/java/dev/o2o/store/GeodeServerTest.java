package dev.o2o.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2o.config.GeodeSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GeodeServerTest {
  @Test
  void readyLineNamesLocatorAndServerPort() {
    assertThat(GeodeServer.readyLine("localhost[10334]", 40404))
        .isEqualTo("GEODE READY locator=localhost[10334] server=40404");
  }

  @Test
  void parsesADistributedServerCommandLine() {
    GeodeServer server = new GeodeServer();
    new CommandLine(server)
        .parseArgs(
            "--dir", "/var/lib/o2o/geode",
            "--bind", "0.0.0.0",
            "--locators", "geode-locator[10334]",
            "--server-port", "40404",
            "--hostname-for-clients", "geode-server-1",
            "--redundancy", "1");

    assertThat(server.dir).isEqualTo(Path.of("/var/lib/o2o/geode"));
    assertThat(server.locators).isEqualTo("geode-locator[10334]");
    assertThat(server.hostnameForClients).isEqualTo("geode-server-1");
    assertThat(server.redundancy).isEqualTo(1);
    assertThat(server.locatorOnly).isFalse();
  }

  @Test
  void refusesALocatorOnlyMemberThatJoinsAnotherLocator() {
    StringWriter errors = new StringWriter();
    int exit =
        new CommandLine(new GeodeServer())
            .setErr(new PrintWriter(errors))
            .execute("--dir", "/tmp/x", "--locator-only", "--locators", "other[10334]");

    assertThat(exit).isNotZero();
    assertThat(errors.toString()).contains("--locator-only and --locators exclude each other");
  }

  @Test
  void childCommandUsesThisJavaAndClasspathWithHeapFlagsAndParent() {
    List<String> command =
        GeodeServerProcess.command(
            new GeodeSettings("localhost", 10334, 40404, "384m"), Path.of("/data/geode"));

    assertThat(command.get(0)).endsWith("java");
    assertThat(command)
        .contains("-Xmx384m", "--add-opens=java.base/java.lang=ALL-UNNAMED")
        .containsSubsequence("-cp", System.getProperty("java.class.path"))
        .containsSubsequence(
            GeodeServer.class.getName(),
            "--dir",
            "/data/geode",
            "--bind",
            "localhost",
            "--locator-port",
            "10334",
            "--server-port",
            "40404",
            "--exit-with",
            String.valueOf(ProcessHandle.current().pid()));
  }
}
