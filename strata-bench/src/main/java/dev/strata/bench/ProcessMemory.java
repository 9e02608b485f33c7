package dev.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process's resident memory from Linux's {@code /proc/<pid>/status}.
 *
 * @param vmRssKb resident set size now
 * @param vmHwmKb the peak resident set size ("high water mark")
 */
public record ProcessMemory(long vmRssKb, long vmHwmKb) {

  /** The memory of process {@code pid}; empty when it is gone or the system has no /proc. */
  public static Optional<ProcessMemory> read(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  static Optional<ProcessMemory> parse(String status) {
    OptionalLong rss = field(status, "VmRSS:");
    OptionalLong hwm = field(status, "VmHWM:");
    if (rss.isEmpty() || hwm.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ProcessMemory(rss.getAsLong(), hwm.getAsLong()));
  }

  /** The number of a line such as {@code VmRSS: 123456 kB}. */
  private static OptionalLong field(String status, String name) {
    return status
        .lines()
        .filter(line -> line.startsWith(name))
        .map(line -> line.substring(name.length()).trim().split("\\s+")[0])
        .filter(value -> value.chars().allMatch(Character::isDigit) && !value.isEmpty())
        .mapToLong(Long::parseLong)
        .findFirst();
  }
}
