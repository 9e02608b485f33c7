package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A java.net.http client for the mock's tests: JSON in, status, headers and JSON or events out. */
final class MockClient {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;

  MockClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  HttpResponse<String> post(String path, String json) {
    return send(request(path, json).timeout(Duration.ofSeconds(10)).build());
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
  }

  HttpRequest.Builder request(String path, String json) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("content-type", "application/json")
        .header("authorization", "Bearer sk-test")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The events of a stream as read until its end, or until the connection broke. */
  StreamRead stream(String json) {
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              request("/chat/completions", json).build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    List<String> data = new ArrayList<>();
    boolean broken = false;
    try (var reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("data: ")) {
          data.add(line.substring("data: ".length()));
        }
      }
    } catch (IOException e) {
      broken = true;
    }
    return new StreamRead(response, data, broken);
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a stream delivered: its {@code data:} payloads and whether the connection broke. */
  record StreamRead(HttpResponse<InputStream> response, List<String> data, boolean broken) {

    List<JsonNode> chunks() {
      return data.stream().filter(d -> !d.equals("[DONE]")).map(MockClient::json).toList();
    }

    boolean endedWithDone() {
      return !data.isEmpty() && data.get(data.size() - 1).equals("[DONE]");
    }
  }
}
