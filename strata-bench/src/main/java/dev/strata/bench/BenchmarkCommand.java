package dev.strata.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * The command line the single-purpose benchmarks share: {@code --help} prints the usage and
 * succeeds (status 0); an unknown or invalid flag prints why, then the usage, and fails (status
 * 2); otherwise the benchmark runs with the settings read from its flags and returns its status.
 */
final class BenchmarkCommand {

  /** Reads a benchmark's settings from its flags; throws IllegalArgumentException saying why not. */
  interface SettingsReader<S> {
    S read(Flags flags);
  }

  /** Runs a benchmark with its settings and returns its exit status. */
  interface Measurement<S, E extends Exception> {
    int run(S settings) throws E;
  }

  private BenchmarkCommand() {}

  static <S, E extends Exception> int execute(
      String[] args,
      String usage,
      Set<String> knownFlags,
      PrintStream out,
      PrintStream err,
      SettingsReader<S> reader,
      Measurement<S, E> measurement)
      throws E {
    if (List.of(args).contains("--help")) {
      out.print(usage);
      return 0;
    }
    S settings;
    try {
      settings = reader.read(new Flags(List.of(args), knownFlags));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(usage);
      return 2;
    }
    return measurement.run(settings);
  }
}
