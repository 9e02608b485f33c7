package dev.strata.app;

import dev.strata.app.cli.StrataCommand;
import picocli.CommandLine;

/** Entry point of the {@code strata} command line. */
public final class Main {
  private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

  private Main() {}

  public static void main(String[] args) {
    // One line per log record, ISO time with offset, unless the operator chose a format.
    if (System.getProperty(LOG_FORMAT) == null) {
      System.setProperty(LOG_FORMAT, "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s: %5$s%6$s%n");
    }
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
