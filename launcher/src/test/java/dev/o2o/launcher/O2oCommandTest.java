package dev.o2o.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command of {@code o2o} answers {@code --help} and {@code --version} without starting. */
class O2oCommandTest {
  static Set<String> subcommands() {
    return new CommandLine(new O2o()).getSubcommands().keySet();
  }

  @Test
  void theCommandsAreTheOnesTheReadmeNames() {
    assertThat(subcommands())
        .containsExactlyInAnyOrder(
            "demo", "simulate", "topics", "api", "cluster", "kafka", "bench");
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandPrintsItsUsage(String command) {
    StringWriter out = new StringWriter();
    int exit = commandLine(out).execute(command, "--help");

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("Usage: o2o " + command + " [-hV]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "bench"})
  void theTopCommandAndItsSubcommandsPrintTheVersion(String command) {
    StringWriter out = new StringWriter();
    String[] args = command.isEmpty() ? new String[] {"-V"} : new String[] {command, "-V"};
    int exit = commandLine(out).execute(args);

    assertThat(exit).isZero();
    assertThat(out.toString())
        .startsWith("o2o ")
        .contains("JVM: " + System.getProperty("java.version"));
  }

  private static CommandLine commandLine(StringWriter out) {
    CommandLine commandLine = new CommandLine(new O2o());
    commandLine.setOut(new PrintWriter(out, true));
    return commandLine;
  }
}
