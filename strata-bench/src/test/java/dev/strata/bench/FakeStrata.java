package dev.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Stands in for the Strata jar in tests of {@link ChildProcessGateway}: {@code keys create} stores
 * and prints a key under {@code STRATA_HOME}; {@code serve --config FILE} answers on the configured
 * port, OpenAI-style, only to that key.
 */
public final class FakeStrata {
  /**
   * The variable a {@code --baseline-config fake.marker=FILE} sets: when present, {@code serve}
   * writes to FILE, so a test can tell which launches got the setting.
   */
  static final String MARKER_VARIABLE = "STRATA_FAKE_MARKER";

  private FakeStrata() {}

  public static void main(String[] args) throws IOException {
    Path home = Path.of(requireEnv("STRATA_HOME"));
    Path keyFile = home.resolve("fake-key");
    List<String> command = List.of(args);
    if (command.equals(List.of("keys", "create", "--name", "bench", "--quiet"))) {
      String key = "sk-strata-" + UUID.randomUUID();
      Files.writeString(keyFile, key);
      System.out.println(key);
      return;
    }
    if (command.size() == 3
        && command.get(0).equals("serve")
        && command.get(1).equals("--config")) {
      JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(Path.of(args[2]).toFile());
      if (!config
              .path("providers")
              .path("mock")
              .path("baseUrl")
              .asText()
              .startsWith("http://127.0.0.1:")
          || !config.path("models").path(0).path("name").asText().equals("bench-model")) {
        throw new IllegalArgumentException("unexpected config " + config);
      }
      String marker = System.getenv(MARKER_VARIABLE);
      if (marker != null) {
        Files.writeString(Path.of(marker), "served with " + MARKER_VARIABLE);
      }
      MockOpenAiUpstream gateway =
          MockOpenAiUpstream.start(
              config.path("server").path("port").asInt(),
              MockSettings.DEFAULTS.withRequiredApiKey(Files.readString(keyFile)));
      Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
      System.out.println("fake strata serving at " + gateway.baseUrl());
      return;
    }
    throw new IllegalArgumentException("unexpected command " + command);
  }

  private static String requireEnv(String name) {
    String value = System.getenv(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set");
    }
    return value;
  }
}
