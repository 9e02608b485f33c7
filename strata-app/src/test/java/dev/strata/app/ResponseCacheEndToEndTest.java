package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response cache as assembled by {@code Strata.start}: in process by default, and in Redis
 * shared by two instances — an answer one instance got from upstream is a hit on the other.
 */
@Timeout(120)
class ResponseCacheEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private MockOpenAiUpstream upstream;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void startUpstream() {
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withResponseText("cached answer"));
  }

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void inProcess_secondIdenticalRequestIsAnsweredWithoutUpstream() throws Exception {
    try (TestDeployment deployment = deployment("one", "")) {
      deployment.start();
      String key = deployment.createKey();

      HttpResponse<String> first = chat(deployment, key);
      HttpResponse<String> second = chat(deployment, key);

      assertThat(first.headers().firstValue("x-strata-cache")).contains("miss");
      assertThat(second.headers().firstValue("x-strata-cache")).contains("hit-exact");
      assertThat(text(second)).isEqualTo(text(first)).isEqualTo("cached answer");
      assertThat(upstream.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void semantic_aParaphraseIsAHit_andTheIndexFolderIsGoneAfterShutdown() throws Exception {
    Path home;
    try (TestDeployment deployment =
        deployment("semantic", "  semantic:\n    enabled: true\n")) {
      deployment.start();
      home = deployment.home().resolve("data");
      String key = deployment.createKey();

      HttpResponse<String> first = chat(deployment, key, "What is the capital city of France?");
      HttpResponse<String> paraphrase = chat(deployment, key, "What's the capital of France?");
      HttpResponse<String> otherCity = chat(deployment, key, "What is the capital city of Spain?");

      assertThat(first.headers().firstValue("x-strata-cache")).contains("miss");
      assertThat(paraphrase.headers().firstValue("x-strata-cache")).contains("hit-semantic");
      assertThat(text(paraphrase)).isEqualTo("cached answer");
      assertThat(otherCity.headers().firstValue("x-strata-cache")).contains("miss");
      assertThat(upstream.requestCount()).isEqualTo(2);
      // the index is kept off the heap, in memory-mapped files under the data folder
      assertThat(home.resolve("semantic-index")).isDirectory();
    }
    assertThat(home.resolve("semantic-index")).doesNotExist();
  }

  @Test
  void redis_anAnswerCachedByOneInstanceIsAHitOnAnother() throws Exception {
    String redis = System.getenv("STRATA_TEST_REDIS_URL");
    if ("1".equals(System.getenv("STRATA_REQUIRE_REDIS"))) {
      assertThat(redis).as("STRATA_TEST_REDIS_URL (STRATA_REQUIRE_REDIS=1)").isNotBlank();
    }
    assumeTrue(redis != null && !redis.isBlank(), "no Redis server: set STRATA_TEST_REDIS_URL");
    String prefix = "strata-test-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    String redisYaml =
        "store:\n  redis:\n    url: " + redis + "\n    keyPrefix: " + prefix + "\n";
    try (TestDeployment first = deployment("a", redisYaml);
        TestDeployment second = deployment("b", redisYaml)) {
      first.start();
      second.start();
      // Keys are per data folder; one tenant ("default") on both instances shares the cache.
      String keyA = first.createKey();
      String keyB = second.createKey();

      HttpResponse<String> fromUpstream = chat(first, keyA);
      HttpResponse<String> fromCache = chat(second, keyB);

      assertThat(fromUpstream.headers().firstValue("x-strata-cache")).contains("miss");
      assertThat(fromCache.headers().firstValue("x-strata-cache")).contains("hit-exact");
      assertThat(text(fromCache)).isEqualTo("cached answer");
      assertThat(upstream.requestCount()).isEqualTo(1);
    }
  }

  private TestDeployment deployment(String name, String extraYaml) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name));
    return new TestDeployment(
        home,
        TestDeployment.mockProvider(upstream.baseUrl())
            + "local:\n  enabled: false\n"
            + "cache:\n  response:\n    enabled: true\n"
            + extraYaml);
  }

  private HttpResponse<String> chat(TestDeployment deployment, String key)
      throws IOException, InterruptedException {
    return chat(deployment, key, "What is cached?");
  }

  private HttpResponse<String> chat(TestDeployment deployment, String key, String question)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(deployment.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"temperature\":0,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":"
                            + JSON.writeValueAsString(question)
                            + "}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static String text(HttpResponse<String> response) throws IOException {
    JsonNode body = JSON.readTree(response.body());
    return body.path("choices").path(0).path("message").path("content").asText();
  }
}
