package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The few OpenAI Files and Batches calls the batch benchmark makes, as plain HTTP with JSON: upload
 * an input file, create a batch, read its progress; plus one chat completion to check the gateway
 * answers. Every call has a timeout; an answer other than 2xx throws with its status and body.
 */
final class BatchApiClient implements AutoCloseable {
  private static final ObjectMapper JSON = JsonMappers.create();
  private static final int MAX_ERROR_BODY_CHARS = 500;

  private final HttpClient http;
  private final URI root;
  private final String apiKey;
  private final Duration timeout;

  /**
   * @param root the gateway's root URL, such as {@code http://127.0.0.1:8080}
   */
  BatchApiClient(URI root, String apiKey, Duration timeout) {
    this.root = requireNonNull(root, "root");
    this.apiKey = requireNonNull(apiKey, "apiKey");
    this.timeout = requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Uploads a batch input file ({@code purpose=batch}); returns its file id. */
  String upload(String filename, byte[] content) throws IOException, InterruptedException {
    String boundary = "strata-bench-" + UUID.randomUUID();
    var body = new ByteArrayOutputStream(content.length + 512);
    body.writeBytes(
        ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename + "\"\r\nContent-Type: application/jsonl\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        request("/v1/files")
            .header("content-type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    return send(request, "POST /v1/files").path("id").asText();
  }

  /** Creates a batch of the chat completions in the uploaded file; returns its id. */
  String createBatch(String inputFileId) throws IOException, InterruptedException {
    String json =
        JSON.createObjectNode()
            .put("input_file_id", inputFileId)
            .put("endpoint", BatchWorkload.ENDPOINT)
            .put("completion_window", "24h")
            .toString();
    return send(postJson("/v1/batches", json), "POST /v1/batches").path("id").asText();
  }

  BatchProgress progress(String batchId) throws IOException, InterruptedException {
    HttpRequest request = request("/v1/batches/" + batchId).GET().build();
    return BatchProgress.of(send(request, "GET /v1/batches/" + batchId));
  }

  /** Sends one chat completion; throws unless it is answered with 2xx. */
  void chat(String json) throws IOException, InterruptedException {
    send(postJson(BatchWorkload.ENDPOINT, json), "POST " + BatchWorkload.ENDPOINT);
  }

  @Override
  public void close() {
    http.close();
  }

  private HttpRequest postJson(String path, String json) {
    return request(path)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(root.resolve(path))
        .timeout(timeout)
        .header("authorization", "Bearer " + apiKey);
  }

  private JsonNode send(HttpRequest request, String what) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String body = response.body();
      throw new IllegalStateException(
          what + " answered " + response.statusCode() + ": "
              + (body.length() > MAX_ERROR_BODY_CHARS
                  ? body.substring(0, MAX_ERROR_BODY_CHARS) + "…"
                  : body));
    }
    return JSON.readTree(response.body());
  }
}
