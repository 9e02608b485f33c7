package dev.strata.app.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.app.config.StrataConfig;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * JSON calls to a running server's {@code /admin} API, for state that lives only in the server
 * (budgets, rate limits). Every failure becomes a one-line {@link UserFacingException}.
 */
final class AdminHttp implements AutoCloseable {
  private static final ObjectMapper JSON = JsonMappers.create();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String adminKey;
  private final HttpClient http;

  AdminHttp(URI base, String adminKey) {
    this.base = requireNonNull(base, "base");
    this.adminKey = requireNonNull(adminKey, "adminKey");
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  JsonNode get(String path) {
    return send("GET", path, Optional.empty());
  }

  JsonNode post(String path, ObjectNode body) {
    return send("POST", path, Optional.of(body));
  }

  JsonNode patch(String path, ObjectNode body) {
    return send("PATCH", path, Optional.of(body));
  }

  JsonNode delete(String path) {
    return send("DELETE", path, Optional.empty());
  }

  /** A new, empty JSON object for a request body. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** {@code value} made safe as one path segment. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A server answer as indented JSON, for {@code --json}. */
  static String pretty(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON the server sent", e);
    }
  }

  private JsonNode send(String method, String path, Optional<ObjectNode> body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + adminKey)
            .header("Accept", "application/json")
            .method(
                method,
                body.map(b -> HttpRequest.BodyPublishers.ofString(b.toString()))
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    body.ifPresent(b -> request.header("Content-Type", "application/json"));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new UserFacingException(
          "the Strata server at " + base + " did not answer within " + TIMEOUT.toSeconds() + "s", e);
    } catch (ConnectException e) {
      throw new UserFacingException(
          "cannot reach a Strata server at " + base
              + ": start one with `bin/strata serve` or point --url at a running one",
          e);
    } catch (IOException e) {
      throw new UserFacingException("cannot talk to the Strata server at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while calling " + base, e);
    }
    return answer(response);
  }

  private JsonNode answer(HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode json;
    try {
      json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          base + " answered " + status + " without JSON: is --url a Strata server?",
          e);
    }
    if (status < 300) {
      return json;
    }
    String message = json.path("error").path("message").asText("");
    if (message.isBlank()) {
      message = base + " answered " + status;
    }
    if (status == 401 || status == 403) {
      message = message.replaceFirst("\\.$", "") + ": check --admin-key or STRATA_ADMIN_KEY";
    }
    throw new UserFacingException(message);
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "AdminHttp[" + base + "]";
  }

  /** {@code --url} and {@code --admin-key} for commands that need a running server. */
  static final class Options {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    @Option(
        names = "--url",
        paramLabel = "URL",
        description =
            "The Strata server's URL (default: http://127.0.0.1:<server.port> from the"
                + " configuration).")
    URI url;

    @Option(
        names = "--admin-key",
        paramLabel = "KEY",
        description = "The admin key (default: the STRATA_ADMIN_KEY environment variable).")
    String adminKey;

    /** A client for the chosen server; {@code config} is loaded only when --url is absent. */
    AdminHttp connect(Supplier<StrataConfig> config) {
      String key = adminKey != null ? adminKey : System.getenv("STRATA_ADMIN_KEY");
      if (key == null || key.isBlank()) {
        throw new UserFacingException(
            "this command needs the server's admin key: pass --admin-key sk-strata-admin-… or"
                + " set STRATA_ADMIN_KEY (the key `strata serve` printed at first start)");
      }
      return new AdminHttp(base(config), key.strip());
    }

    private URI base(Supplier<StrataConfig> config) {
      if (url == null) {
        int port = config.get().server().port();
        if (port == 0) {
          throw new UserFacingException(
              "server.port is 0 (any free port) in the configuration: pass the server's --url");
        }
        return URI.create("http://127.0.0.1:" + port);
      }
      String scheme = url.getScheme();
      if (url.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new UserFacingException(
            "--url must be an http(s) URL such as http://127.0.0.1:8080; got '" + url + "'");
      }
      return url;
    }
  }
}
