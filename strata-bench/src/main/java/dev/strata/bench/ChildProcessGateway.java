package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Strata gateway launched from its jar as a child process with a throw-away {@code STRATA_HOME}:
 * it creates an API key with {@code keys create}, writes a config that routes one model to the mock
 * upstream, starts {@code serve} and waits for {@code /health}. Closing it stops the process and
 * deletes the home directory.
 */
final class ChildProcessGateway implements GatewayUnderTest {

  private static final Pattern KEY = Pattern.compile("sk-strata-\\S+");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 40;

  private final Process process;
  private final URI baseUri;
  private final String apiKey;
  private final Path home;

  private ChildProcessGateway(Process process, URI baseUri, String apiKey, Path home) {
    this.process = requireNonNull(process, "process");
    this.baseUri = requireNonNull(baseUri, "baseUri");
    this.apiKey = requireNonNull(apiKey, "apiKey");
    this.home = requireNonNull(home, "home");
  }

  static ChildProcessGateway launch(
      Path jar, String upstreamBaseUrl, String model, Duration startupTimeout)
      throws IOException, InterruptedException {
    return launch(
        jar, port -> StrataConfigFile.yaml(port, upstreamBaseUrl, model), startupTimeout);
  }

  /**
   * Launches the jar with the configuration {@code config} writes for the port the gateway is to
   * listen on.
   */
  static ChildProcessGateway launch(Path jar, IntFunction<String> config, Duration startupTimeout)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("--strata-jar " + jar + " is not a file");
    }
    Path home = Files.createTempDirectory("strata-bench-");
    try {
      int port = freePort();
      Path configFile = home.resolve("strata-bench.yaml");
      Files.writeString(configFile, config.apply(port));
      String apiKey = createKey(jar, home, startupTimeout);
      Path log = home.resolve("strata.log");
      List<String> arguments = new ArrayList<>(serverJvmOptions());
      arguments.addAll(List.of("-jar", jar.toString(), "serve", "--config", configFile.toString()));
      Process process = start(home, log, arguments);
      var gateway =
          new ChildProcessGateway(process, URI.create("http://127.0.0.1:" + port), apiKey, home);
      try {
        HealthCheck.await(gateway.baseUri, startupTimeout, process::isAlive);
      } catch (RuntimeException e) {
        String tail = tail(log);
        gateway.close();
        throw new IllegalStateException(e.getMessage() + "\n--- gateway log ---\n" + tail, e);
      }
      return gateway;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (Files.exists(home)) {
        delete(home);
      }
      throw e;
    }
  }

  @Override
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public String apiKey() {
    return apiKey;
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public void close() {
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

  @Override
  public String toString() {
    return "ChildProcessGateway[pid " + process.pid() + ", " + baseUri + "]";
  }

  /** Runs {@code keys create} and returns the secret it prints. */
  private static String createKey(Path jar, Path home, Duration timeout)
      throws IOException, InterruptedException {
    Path output = home.resolve("keys-create.log");
    Process keys =
        start(
            home,
            output,
            List.of("-jar", jar.toString(), "keys", "create", "--name", "bench", "--quiet"));
    if (!keys.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      keys.destroyForcibly();
      throw new IllegalStateException("keys create did not finish within " + timeout);
    }
    String printed = Files.readString(output);
    Matcher key = KEY.matcher(printed);
    if (keys.exitValue() != 0 || !key.find()) {
      throw new IllegalStateException(
          "keys create exited with "
              + keys.exitValue()
              + " and printed no sk-strata- key:\n"
              + printed);
    }
    return key.group();
  }

  /** Environment variable naming the CPUs (taskset list) the launched gateway runs on. */
  static final String GATEWAY_CPUS = "STRATA_BENCH_GATEWAY_CPUS";

  private static Process start(Path home, Path output, List<String> arguments) throws IOException {
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
    builder.environment().put("STRATA_HOME", home.toString());
    return builder.start();
  }

  /** The java binary running this benchmark, so the gateway runs on the same JDK. */
  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + directory + ": " + e.getMessage());
    }
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
}
