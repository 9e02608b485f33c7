package dev.strata.app;

import dev.strata.app.cli.StrataCommand;
import picocli.CommandLine;

/** Entry point of the {@code strata} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int exitCode = StrataCommand.commandLine().execute(args);
    // The embedded engine's native threads would keep the JVM alive after a command returns.
    System.exit(exitCode);
  }

  /** Runs a command line in-process and returns its exit code (for tests). */
  public static int run(String... args) {
    return StrataCommand.commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return StrataCommand.commandLine();
  }
}
