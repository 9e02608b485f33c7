package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Strata gateway launched from its jar as a child process with a throw-away {@code STRATA_HOME}:
 * it creates an API key with {@code keys create}, writes a config that routes one model to the mock
 * upstream, starts {@code serve} and waits for {@code /health}. Closing it stops the process and
 * deletes the home directory.
 */
final class ChildProcessGateway implements GatewayUnderTest {

  private static final Pattern KEY = Pattern.compile("sk-strata-\\S+");
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
    return launch(jar, upstreamBaseUrl, model, startupTimeout, List.of());
  }

  /**
   * Launches the jar with one model on the OpenAI-compatible upstream, and {@code overrides} set
   * as an operator would set them, through their environment variables.
   */
  static ChildProcessGateway launch(
      Path jar,
      String upstreamBaseUrl,
      String model,
      Duration startupTimeout,
      List<ConfigOverride> overrides)
      throws IOException, InterruptedException {
    Map<String, String> environment = new LinkedHashMap<>();
    for (ConfigOverride override : overrides) {
      environment.put(override.environmentVariable(), override.value());
    }
    return launch(
        jar,
        port -> StrataConfigFile.yaml(port, upstreamBaseUrl, model),
        startupTimeout,
        environment);
  }

  /**
   * Launches the jar with the configuration {@code config} writes for the port the gateway is to
   * listen on.
   */
  static ChildProcessGateway launch(Path jar, IntFunction<String> config, Duration startupTimeout)
      throws IOException, InterruptedException {
    return launch(jar, config, startupTimeout, Map.of());
  }

  private static ChildProcessGateway launch(
      Path jar,
      IntFunction<String> config,
      Duration startupTimeout,
      Map<String, String> environment)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("--strata-jar " + jar + " is not a file");
    }
    Path home = Files.createTempDirectory("strata-bench-");
    try {
      int port = ChildJvm.freePort();
      Path configFile = home.resolve("strata-bench.yaml");
      Files.writeString(configFile, config.apply(port));
      String apiKey = createKey(jar, home, startupTimeout);
      Path log = home.resolve("strata.log");
      List<String> arguments = new ArrayList<>(ChildJvm.serverJvmOptions());
      arguments.addAll(List.of("-jar", jar.toString(), "serve", "--config", configFile.toString()));
      Process process = ChildJvm.start(home, log, arguments, environment);
      var gateway =
          new ChildProcessGateway(process, URI.create("http://127.0.0.1:" + port), apiKey, home);
      try {
        HealthCheck.await(gateway.baseUri, startupTimeout, process::isAlive);
      } catch (RuntimeException e) {
        String tail = ChildJvm.tail(log);
        gateway.close();
        throw new IllegalStateException(e.getMessage() + "\n--- gateway log ---\n" + tail, e);
      }
      return gateway;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (Files.exists(home)) {
        ChildJvm.delete(home);
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
    ChildJvm.stop(process, home);
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
        ChildJvm.start(
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
}
