package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.money.Money;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole program — configuration, store, OpenAI adapter, request path, server, CLI — serving
 * the official OpenAI Java SDK from a mock OpenAI upstream, metering into the ledger.
 */
@Timeout(120)
class MockUpstreamEndToEndTest {
  // gpt-4o-mini: input $0.15/1M, cached $0.075/1M, output $0.60/1M.
  // (1000 − 400) × 0.15 + 400 × 0.075 + 200 × 0.60 = 90 + 30 + 120 = 240 µ$.
  private static final Money EXPECTED_COST = Money.ofUsd("0.00024");

  @TempDir Path dir;
  private MockOpenAiUpstream upstream;
  private TestDeployment deployment;
  private OpenAIClient client;

  @BeforeEach
  void start() throws Exception {
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withUsage(1000, 200, 400).withResponseText("Strata says hello"));
    deployment =
        new TestDeployment(dir, TestDeployment.mockProvider(upstream.baseUrl()) + "local:\n  enabled: false\n");
    deployment.start();
    String key = deployment.createKey("--team", "search", "--tag", "env=test");
    client = OpenAIOkHttpClient.builder().baseUrl(deployment.baseUrl()).apiKey(key).maxRetries(0).build();
  }

  @AfterEach
  void stop() {
    deployment.close();
    upstream.close();
  }

  @Test
  void chatCompletion_isServedMeteredAndAttributed() {
    ChatCompletion completion =
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hello").build());

    assertThat(completion.choices().get(0).message().content()).contains("Strata says hello");
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(1000);
    assertThat(upstream.lastRequest().header("authorization")).contains("Bearer sk-upstream-secret");

    deployment.close();
    UsageRecord record = onlyRecord();
    assertThat(record.cost()).isEqualTo(EXPECTED_COST);
    assertThat(record.usageSource()).isEqualTo(UsageSource.PROVIDER);
    assertThat(record.usage().cacheReadInputTokens()).isEqualTo(400);
    assertThat(record.principal().team()).isEqualTo("search");
    assertThat(record.principal().tags()).containsEntry("env", "test");
    assertThat(record.servedModel()).isEqualTo("gpt-4o-mini");
    assertThat(record.provider()).isEqualTo("mock");
    assertThat(record.streamed()).isFalse();
    assertThat(record.priceReference()).contains("gpt-4o-mini");
  }

  @Test
  @SuppressWarnings("deprecation") // the SDK exposes unknown fields only through a deprecated accessor
  void streamedCompletion_relaysChunksAndEndsWithUsageAndCost() {
    List<String> deltas = new ArrayList<>();
    long promptTokens;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(
            ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Say hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build())) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(deltas::add)));
      ChatCompletionChunk last = chunks.get(chunks.size() - 1);
      promptTokens = last.usage().orElseThrow().promptTokens();
      assertThat(last._additionalProperties().get("strata").toString()).contains("0.00024");
    }

    assertThat(String.join("", deltas)).isEqualTo("Strata says hello");
    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat(promptTokens).isEqualTo(1000);
    deployment.close();
    UsageRecord record = onlyRecord();
    assertThat(record.streamed()).isTrue();
    assertThat(record.cost()).isEqualTo(EXPECTED_COST);
    assertThat(record.timeToFirstTokenMillis()).isPresent();
  }

  @Test
  void costHeaderAndCostsCommand_agreeWithTheLedger() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-strata-cost-usd")).contains("0.00024");
    assertThat(response.headers().firstValue("x-strata-usage-source")).contains("provider");

    deployment.close();
    TestDeployment.CliRun costs = deployment.cli("costs", "--since", "1h", "--by", "model");
    assertThat(costs.code()).isZero();
    assertThat(costs.out()).contains("gpt-4o-mini").contains("0.00024").contains("Total: 1 requests");
  }

  @Test
  void upstreamWithoutUsage_isMeteredByTokenizerAndMarkedEstimated() throws Exception {
    upstream.omitUsageNext();

    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.headers().firstValue("x-strata-usage-source")).contains("estimated");
    deployment.close();
    UsageRecord record = onlyRecord();
    assertThat(record.usageSource()).isEqualTo(UsageSource.ESTIMATED);
    assertThat(record.usage().outputTokens()).isPositive();
    assertThat(record.cost().isZero()).isFalse();
  }

  @Test
  void embeddings_areServedAndMetered() throws Exception {
    HttpResponse<String> response = post("/v1/embeddings", "{\"model\":\"embed-small\",\"input\":[\"a b c\",\"d e\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"embedding\"");
    deployment.close();
    assertThat(onlyRecord().operation()).isEqualTo("embeddings");
  }

  @Test
  void badKey_isRefusedAndNotBilled() {
    OpenAIClient stranger =
        OpenAIOkHttpClient.builder().baseUrl(deployment.baseUrl()).apiKey("sk-strata-nope").maxRetries(0).build();

    assertThatThrownBy(
            () -> stranger.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi").build()))
        .isInstanceOf(UnauthorizedException.class);
    deployment.close();
    assertThat(records()).isEmpty();
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void revokeThroughTheAdminApi_stopsTheKeyAtOnce() throws Exception {
    String key = deployment.createKey();
    String id = deployment.cli("keys", "list").out().lines().filter(l -> l.contains("test-key")).reduce((a, b) -> b).orElseThrow().split("\\s+")[0];
    assertThat(postWith(key, "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);

    TestDeployment.CliRun revoke =
        deployment.cli("keys", "revoke", id, "--url", deployment.serverUrl(), "--admin-key", adminKey());

    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(postWith(key, "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(401);
  }

  private String adminKey() {
    return deployment.adminSecret();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return postWith(deployment.createKey(), path, body);
  }

  private HttpResponse<String> postWith(String key, String path, String body) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create(deployment.serverUrl() + path))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private UsageRecord onlyRecord() {
    List<UsageRecord> records = records();
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  private List<UsageRecord> records() {
    try (Database database = Database.open(deployment.config().storeUrl())) {
      return new SqlLedgerReader(database).latest(100);
    }
  }
}
