package dev.strata.bench.mock.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mock speaks Gemini's generateContent wire format, checked with a plain HTTP client. */
@Timeout(30)
class MockGeminiUpstreamTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BODY =
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

  private static MockGeminiUpstream upstream;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    upstream = MockGeminiUpstream.start();
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @Test
  void generateContent_reportsUsageMetadataWithCachedTokens() throws Exception {
    upstream.update(s -> s.withUsage(new GeminiMockUsage(100, 7, 60)));
    HttpResponse<String> response = post("gemini-x:generateContent", BODY);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode json = MAPPER.readTree(response.body());
    assertThat(json.at("/candidates/0/content/parts/0/text").asText())
        .isEqualTo(GeminiMockSettings.DEFAULTS.responseText());
    assertThat(json.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(json.at("/usageMetadata/promptTokenCount").asLong()).isEqualTo(100);
    assertThat(json.at("/usageMetadata/cachedContentTokenCount").asLong()).isEqualTo(60);
    assertThat(json.get("modelVersion").asText()).isEqualTo("gemini-x");
  }

  @Test
  void streamGenerateContent_sendsDataOnlyChunks_theLastWithFinishAndUsage() throws Exception {
    upstream.update(s -> s.withStreamChunks(3));
    HttpResponse<String> response = post("gemini-x:streamGenerateContent?alt=sse", BODY);

    List<String> data = response.body().lines().filter(line -> line.startsWith("data: ")).toList();
    assertThat(data).hasSize(3);
    JsonNode last = MAPPER.readTree(data.get(2).substring(6));
    assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(last.has("usageMetadata")).isTrue();
    assertThat(MAPPER.readTree(data.get(0).substring(6)).has("usageMetadata")).isFalse();
  }

  @Test
  void failNext_sendsGooglesErrorWithRetryInfo_once() throws Exception {
    upstream.failNext(429, 4, "RESOURCE_EXHAUSTED", "Quota exceeded");

    HttpResponse<String> failed = post("gemini-x:generateContent", BODY);
    assertThat(failed.statusCode()).isEqualTo(429);
    assertThat(failed.headers().firstValue("retry-after")).contains("4");
    JsonNode error = MAPPER.readTree(failed.body()).get("error");
    assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(error.at("/details/0/retryDelay").asText()).isEqualTo("4s");
    assertThat(post("gemini-x:generateContent", BODY).statusCode()).isEqualTo(200);
  }

  @Test
  void requiredKey_isAcceptedAsAQueryParameter_andRefusedOtherwise() throws Exception {
    upstream.update(s -> s.withRequiredApiKey("k1"));
    assertThat(post("gemini-x:generateContent?key=k1", BODY).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = post("gemini-x:generateContent", BODY);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("API key not valid");
  }

  @Test
  void unknownMethod_isNotFound() throws Exception {
    assertThat(post("gemini-x:countTokens", BODY).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> post(String method, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/v1beta/models/" + method))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
