package dev.strata.app;

import dev.strata.app.cli.StrataCommand;
import dev.strata.app.config.ConfigLoader;
import dev.strata.app.config.StrataConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** A Strata deployment in a temporary folder: its config file, its process-local server, its CLI. */
final class TestDeployment implements AutoCloseable {
  private final Path home;
  private final Path configFile;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private Strata strata;

  TestDeployment(Path home, String yaml) throws IOException {
    this.home = home;
    this.configFile = home.resolve("strata.yaml");
    // Most tests count upstream calls and ledger records per request, so the response cache (on by
    // default) is off unless a test's YAML configures it.
    String cache = yaml.contains("cache:\n  response:") ? "" : "cache:\n  response:\n    enabled: false\n";
    Files.writeString(
        configFile,
        "home: " + home.resolve("data") + "\nserver:\n  host: 127.0.0.1\n  port: 0\n" + cache + yaml);
  }

  /** Mock-upstream provider and model YAML for a config. */
  static String mockProvider(String baseUrl) {
    return """
        providers:
          mock:
            type: openai
            baseUrl: %s
            apiKey: sk-upstream-secret
            maxRetries: 1
            readTimeout: 5s
        models:
          - name: gpt-4o-mini
            provider: mock
          - name: embed-small
            provider: mock
            upstreamModel: text-embedding-3-small
            embeddings: true
        """
        .formatted(baseUrl);
  }

  StrataConfig config() {
    return ConfigLoader.load(Optional.of(configFile), Map.of());
  }

  Strata start() {
    strata = Strata.start(config(), Clock.systemUTC(), new PrintStream(console, true, StandardCharsets.UTF_8));
    return strata;
  }

  /** The admin secret generated at this deployment's first start. */
  String adminSecret() {
    return strata.adminKey().newSecret().orElseThrow();
  }

  Strata strata() {
    return strata;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + strata.port() + "/v1";
  }

  String serverUrl() {
    return "http://127.0.0.1:" + strata.port();
  }

  /** What the server printed for the operator. */
  String console() {
    return console.toString(StandardCharsets.UTF_8);
  }

  Path configFile() {
    return configFile;
  }

  Path home() {
    return home;
  }

  /** Runs the command line with this deployment's config; returns exit code and output. */
  CliRun cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = StrataCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, args.length);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = configFile.toString();
    int code = line.execute(withConfig);
    return new CliRun(code, out.toString(), err.toString());
  }

  String createKey(String... extra) {
    String[] args = new String[extra.length + 5];
    args[0] = "keys";
    args[1] = "create";
    args[2] = "--name";
    args[3] = "test-key";
    args[4] = "--quiet";
    System.arraycopy(extra, 0, args, 5, extra.length);
    CliRun run = cli(args);
    if (run.code() != 0) {
      throw new IllegalStateException("keys create failed: " + run.err());
    }
    return run.out().trim();
  }

  @Override
  public void close() {
    if (strata != null) {
      strata.close();
    }
  }

  /** A finished command line run. */
  record CliRun(int code, String out, String err) {}
}
