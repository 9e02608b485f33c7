package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls for tests that need exact control over the bytes sent. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Http() {}

  static HttpRequest.Builder request(TestServer server, String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(20));
  }

  static HttpResponse<String> postJson(TestServer server, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        request(server, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  static HttpResponse<String> get(TestServer server, String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(server, path).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  /** The {@code error} object of an OpenAI error response. */
  static JsonNode error(HttpResponse<String> response) throws IOException {
    JsonNode error = json(response).get("error");
    if (error == null) {
      throw new AssertionError("not an OpenAI error: " + response.body());
    }
    return error;
  }

  static String chat(String model, String userText) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + userText
        + "\"}]}";
  }
}
