package dev.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The last lines a launched gateway wrote to its log, read through its standard output while it
 * still runs ({@code /proc/<pid>/fd/1} on Linux), to explain a batch that failed or never ended.
 */
final class BatchGatewayLog {
  private static final int TAIL_LINES = 40;

  private BatchGatewayLog() {}

  static String tail(OptionalLong pid) {
    if (pid.isEmpty()) {
      return "(the gateway was not launched by the benchmark: see its own log)";
    }
    Path stdout = Path.of("/proc", Long.toString(pid.getAsLong()), "fd", "1");
    try {
      List<String> lines = Files.readAllLines(stdout);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
