package dev.strata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the JVMs a benchmark measures — a Strata gateway, or the {@link FloorRelay} beside it —
 * on the JDK running the benchmark, with the options `bin/strata` gives the server and on the CPUs
 * {@value #GATEWAY_CPUS} names, so that whatever is compared runs under the same conditions.
 */
final class ChildJvm {

  /** Environment variable naming the CPUs (taskset list) the launched gateway runs on. */
  static final String GATEWAY_CPUS = "STRATA_BENCH_GATEWAY_CPUS";

  private static final int LOG_TAIL_LINES = 40;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private ChildJvm() {}

  /**
   * Starts {@code java ARGUMENTS} with {@code STRATA_HOME} set to {@code home}, its output and
   * errors going to {@code output}.
   */
  static Process start(Path home, Path output, List<String> arguments) throws IOException {
    return start(home, output, arguments, Map.of());
  }

  /** Starts the child as {@link #start(Path, Path, List)} does, with {@code environment} added. */
  static Process start(
      Path home, Path output, List<String> arguments, Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>();
    String cpus = System.getenv(GATEWAY_CPUS);
    if (cpus != null && !cpus.isBlank()) {
      // Pin the gateway apart from the load generator and mock, so they do not share its cores.
      command.addAll(List.of("taskset", "-c", cpus.trim()));
    }
    command.add(javaBinary());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("STRATA_HOME", home.toString());
    return builder.start();
  }

  /**
   * The JVM options `bin/strata` runs the server with (it exports them), so the benchmark measures
   * what users run; a plain heap cap when launched some other way.
   */
  static List<String> serverJvmOptions() {
    String fromLauncher = System.getenv("STRATA_DEFAULT_JVM_OPTS");
    if (fromLauncher == null || fromLauncher.isBlank()) {
      return List.of("-Xmx512m");
    }
    return List.of(fromLauncher.trim().split("\\s+"));
  }

  /**
   * Stops the child — politely, then forcibly after {@link #STOP_TIMEOUT} — and deletes its home
   * directory.
   */
  static void stop(Process process, Path home) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    delete(home);
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The last lines of a child's log, for an error message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + directory + ": " + e.getMessage());
    }
  }

  /** The java binary running this benchmark, so the child runs on the same JDK. */
  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
