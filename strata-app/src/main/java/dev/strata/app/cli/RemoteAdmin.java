package dev.strata.app.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.auth.Principal;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.ExportFormat;
import dev.strata.core.money.Money;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Admin operations through a running server's {@code /admin} API. */
final class RemoteAdmin implements AdminOperations {
  private static final ObjectMapper JSON = JsonMappers.create();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String adminKey;
  private final HttpClient http;

  RemoteAdmin(URI base, String adminKey) {
    this.base = requireNonNull(base, "base");
    this.adminKey = requireNonNull(adminKey, "adminKey");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @Override
  public IssuedKey createKey(NewKey request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", request.name());
    if (request.tenant() != null) {
      body.put("tenant", request.tenant());
    }
    if (request.team() != null) {
      body.put("team", request.team());
    }
    if (request.app() != null) {
      body.put("app", request.app());
    }
    ObjectNode tags = body.putObject("tags");
    request.tags().forEach(tags::put);
    JsonNode created = send("POST", "/admin/keys", Optional.of(body.toString()));
    return new IssuedKey(key(created), created.path("key").asText());
  }

  @Override
  public List<ApiKey> listKeys() {
    List<ApiKey> keys = new ArrayList<>();
    send("GET", "/admin/keys", Optional.empty()).path("data").forEach(node -> keys.add(key(node)));
    return keys;
  }

  @Override
  public boolean revokeKey(String id) {
    try {
      send("DELETE", "/admin/keys/" + encode(id), Optional.empty());
      return true;
    } catch (RemoteError e) {
      if (e.status == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<CostRow> costs(CostQuery query) {
    String by =
        query.groupBy().stream().map(g -> g.wireName()).collect(Collectors.joining(","));
    String path =
        "/admin/costs?since=" + encode(query.from().toString()) + "&until="
            + encode(query.to().toString()) + "&by=" + encode(by);
    List<CostRow> rows = new ArrayList<>();
    for (JsonNode row : send("GET", path, Optional.empty()).path("data")) {
      List<String> group = new ArrayList<>();
      query.groupBy().forEach(g -> group.add(row.path("group").path(g.wireName()).asText()));
      rows.add(
          new CostRow(
              group,
              row.path("requests").asLong(),
              row.path("input_tokens").asLong(),
              row.path("output_tokens").asLong(),
              row.path("cache_read_tokens").asLong(),
              row.path("cache_write_tokens").asLong(),
              Money.ofUsd(row.path("cost_usd").asText("0")),
              row.path("estimated_requests").asLong()));
    }
    return rows;
  }

  @Override
  public CostReport explore(CostExplorerQuery query) {
    StringBuilder path =
        new StringBuilder("/admin/costs?since=")
            .append(encode(query.from().toString()))
            .append("&until=")
            .append(encode(query.to().toString()))
            .append("&tz=")
            .append(encode(query.zone().getId()))
            .append("&by=")
            .append(
                encode(
                    query.groupBy().stream()
                        .map(CostDimension::wireName)
                        .collect(Collectors.joining(","))));
    for (CostFilter filter : query.filters()) {
      switch (filter.dimension()) {
        case CostDimension.Tag tag ->
            filter.values().forEach(v -> path.append("&tag=").append(encode(tag.name() + ":" + v)));
        case CostDimension.Field field ->
            path.append('&')
                .append(field.wireName())
                .append('=')
                .append(encode(String.join(",", filter.values())));
      }
    }
    JsonNode report = send("GET", path.toString(), Optional.empty());
    List<CostRow> rows = new ArrayList<>();
    for (JsonNode row : report.path("data")) {
      List<String> group = new ArrayList<>();
      query.groupBy().forEach(d -> group.add(row.path("group").path(d.wireName()).asText()));
      rows.add(
          new CostRow(
              group,
              row.path("requests").asLong(),
              row.path("input_tokens").asLong(),
              row.path("output_tokens").asLong(),
              row.path("cache_read_tokens").asLong(),
              row.path("cache_write_tokens").asLong(),
              Money.ofUsd(row.path("cost_usd").asText("0")),
              row.path("estimated_requests").asLong()));
    }
    CostReport.Source source =
        CostReport.Source.valueOf(
            report.path("source").asText("records").toUpperCase(Locale.ROOT));
    return new CostReport(query, rows, source);
  }

  @Override
  public long export(ExportFormat format, Instant from, Instant to, Path out) {
    URI uri =
        base.resolve(
            "/admin/exports/" + format.fileName() + "?since=" + encode(from.toString())
                + "&until=" + encode(to.toString()));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + adminKey)
            .timeout(TIMEOUT) // until the headers arrive; the body streams for as long as it takes
            .GET()
            .build();
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    try {
      HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
      if (response.statusCode() >= 300) {
        String body = Files.readString(partial);
        Files.deleteIfExists(partial);
        throw new RemoteError(
            response.statusCode(), base + " answered " + response.statusCode() + ": " + body);
      }
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
      return Files.size(out);
    } catch (IOException e) {
      throw new UserFacingException("cannot export from " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while exporting from " + base, e);
    }
  }

  private static ApiKey key(JsonNode node) {
    Map<String, String> tags = new TreeMap<>();
    node.path("tags").properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
    JsonNode revoked = node.path("revoked_at");
    return new ApiKey(
        node.path("id").asText(),
        node.path("name").asText(),
        "(remote)",
        node.path("display_prefix").asText(),
        new Principal(
            node.path("id").asText(),
            node.path("tenant").asText(),
            node.path("team").asText(),
            node.path("app").asText(),
            tags),
        Instant.parse(node.path("created_at").asText()),
        revoked.isTextual() ? Optional.of(Instant.parse(revoked.asText())) : Optional.empty());
  }

  private JsonNode send(String method, String path, Optional<String> body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + adminKey)
            .method(
                method,
                body.map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    body.ifPresent(b -> request.header("Content-Type", "application/json"));
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new RemoteError(
            response.statusCode(),
            base + " answered " + response.statusCode() + ": "
                + json.path("error").path("message").asText(response.body()));
      }
      return json;
    } catch (IOException e) {
      throw new UserFacingException("cannot reach " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while calling " + base, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }

  /** The server refused an admin call. */
  private static final class RemoteError extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private final int status;

    RemoteError(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
