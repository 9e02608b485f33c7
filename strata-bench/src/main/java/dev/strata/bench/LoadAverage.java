package dev.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1/5/15-minute load averages, recorded next to numbers a busy machine distorts. */
final class LoadAverage {

  private static final Path PROC_LOADAVG = Path.of("/proc/loadavg");

  private LoadAverage() {}

  /** Like {@code "0.52 0.61 0.70"}; empty where {@code /proc/loadavg} cannot be read. */
  static String now() {
    try {
      String[] fields = Files.readString(PROC_LOADAVG).trim().split("\\s+");
      return fields.length < 3 ? "" : fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
