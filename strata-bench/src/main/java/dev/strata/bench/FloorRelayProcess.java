package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link FloorRelay} launched as a child process the way the gateway is — same JDK, same JVM
 * options, same CPUs — in front of the mock upstream, so that it can be measured in the gateway's
 * place. It needs no key; the one it reports is never checked.
 */
final class FloorRelayProcess implements GatewayUnderTest {

  private final Process process;
  private final URI baseUri;
  private final Path home;

  private FloorRelayProcess(Process process, URI baseUri, Path home) {
    this.process = process;
    this.baseUri = baseUri;
    this.home = home;
  }

  /**
   * Launches a relay with {@code threads}, when a benchmark was asked for one ({@code
   * --floor-relay}), saying so on {@code progress}; null when it was not, as a try-with-resources
   * resource may be.
   */
  static FloorRelayProcess launchIfAsked(
      Optional<FloorRelay.Threads> threads,
      URI upstreamRoot,
      Duration startupTimeout,
      PrintStream progress)
      throws IOException, InterruptedException {
    if (threads.isEmpty()) {
      return null;
    }
    progress.println("launching the floor relay (" + threads.get().flag() + ")");
    return launch(upstreamRoot, threads.get(), startupTimeout);
  }

  /**
   * Launches a relay to the host and port of {@code upstreamRoot}, a plain-HTTP URL, and waits for
   * its health.
   */
  static FloorRelayProcess launch(
      URI upstreamRoot, FloorRelay.Threads threads, Duration startupTimeout)
      throws IOException, InterruptedException {
    requireNonNull(upstreamRoot, "upstreamRoot");
    requireNonNull(threads, "threads");
    Path home = Files.createTempDirectory("strata-floor-relay-");
    Path log = home.resolve("floor-relay.log");
    int port = ChildJvm.freePort();
    List<String> arguments = new ArrayList<>(ChildJvm.serverJvmOptions());
    arguments.addAll(
        List.of(
            "-cp",
            classPath(),
            FloorRelay.class.getName(),
            Integer.toString(port),
            "http://" + upstreamRoot.getHost() + ":" + upstreamRoot.getPort(),
            threads.flag()));
    var relay =
        new FloorRelayProcess(
            ChildJvm.start(home, log, arguments), URI.create("http://127.0.0.1:" + port), home);
    try {
      HealthCheck.await(relay.baseUri, startupTimeout, relay.process::isAlive);
    } catch (RuntimeException e) {
      String tail = ChildJvm.tail(log);
      relay.close();
      throw new IllegalStateException(e.getMessage() + "\n--- floor relay log ---\n" + tail, e);
    }
    return relay;
  }

  @Override
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public String apiKey() {
    return "sk-floor-relay-unchecked";
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public void close() {
    ChildJvm.stop(process, home);
  }

  /** This JVM's class path, made absolute: the relay's class is on it, as is Vert.x. */
  private static String classPath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
