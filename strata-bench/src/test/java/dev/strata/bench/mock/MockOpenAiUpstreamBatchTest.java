package dev.strata.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mock's Files and Batches APIs, driven by the official OpenAI Java SDK. */
@Timeout(60)
class MockOpenAiUpstreamBatchTest {
  static MockOpenAiUpstream upstream;
  static OpenAIClient client;

  @TempDir Path folder;

  @BeforeAll
  static void start() {
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withNativeBatch(true));
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(upstream.baseUrl())
            .apiKey("sk-test")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  @Test
  void batch_runsEveryLine_withTheUsageOfAnOnDemandCall_withoutOnDemandCalls() {
    Batch created = create(upload(line("a", "Hello there"), line("b", "one two three four")));
    assertThat(created.status()).isEqualTo(Batch.Status.VALIDATING);

    Batch batch = client.batches().retrieve(created.id());

    assertThat(batch.status()).isEqualTo(Batch.Status.COMPLETED);
    assertThat(batch.requestCounts().orElseThrow().total()).isEqualTo(2);
    assertThat(batch.requestCounts().orElseThrow().completed()).isEqualTo(2);
    assertThat(batch.errorFileId()).isEmpty();
    assertThat(upstream.requestCount("POST", "/v1/chat/completions")).isZero();
    assertThat(upstream.batchLinesRun()).isEqualTo(2);
    Map<String, JsonNode> lines = byCustomId(content(batch.outputFileId().orElseThrow()));
    assertThat(lines.keySet()).containsExactlyInAnyOrder("a", "b");
    JsonNode response = lines.get("b").path("response");
    assertThat(response.path("status_code").asInt()).isEqualTo(200);
    assertThat(
            response.path("body").path("choices").path(0).path("message").path("content").asText())
        .isEqualTo(MockSettings.DEFAULTS.responseText());
    JsonNode onDemand =
        MockClient.json(
            new MockClient(upstream.baseUrl())
                .post("/chat/completions", body("one two three four").toString())
                .body());
    assertThat(response.path("body").path("usage")).isEqualTo(onDemand.path("usage"));
  }

  @Test
  void batch_reportsConfiguredUsageWithCachedTokens() {
    upstream.update(settings -> settings.withUsage(100, 9, 64));
    Batch batch = client.batches().retrieve(create(upload(line("a", "hi"))).id());

    JsonNode usage =
        byCustomId(content(batch.outputFileId().orElseThrow())).get("a").at("/response/body/usage");
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(100);
    assertThat(usage.path("completion_tokens").asLong()).isEqualTo(9);
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(64);
  }

  @Test
  void failedLine_goesToTheErrorFile_withItsStatusAndError() {
    upstream.failBatchLine("b", 500, "The server had an error");
    Batch batch = client.batches().retrieve(create(upload(line("a", "x"), line("b", "y"))).id());

    assertThat(batch.status()).isEqualTo(Batch.Status.COMPLETED);
    assertThat(batch.requestCounts().orElseThrow().completed()).isEqualTo(1);
    assertThat(batch.requestCounts().orElseThrow().failed()).isEqualTo(1);
    assertThat(byCustomId(content(batch.outputFileId().orElseThrow())).keySet())
        .containsExactly("a");
    JsonNode failed = byCustomId(content(batch.errorFileId().orElseThrow())).get("b");
    assertThat(failed.at("/response/status_code").asInt()).isEqualTo(500);
    assertThat(failed.at("/response/body/error/message").asText())
        .isEqualTo("The server had an error");
  }

  @Test
  void unknownModel_failsItsLine_with404() {
    upstream.update(settings -> settings.withUnknownModels("mock-model"));
    Batch batch = client.batches().retrieve(create(upload(line("a", "x"))).id());

    JsonNode failed = byCustomId(content(batch.errorFileId().orElseThrow())).get("a");
    assertThat(failed.at("/response/status_code").asInt()).isEqualTo(404);
    assertThat(failed.at("/response/body/error/code").asText()).isEqualTo("model_not_found");
  }

  @Test
  void invalidInputFile_failsTheBatch_namingTheLine() {
    String file = upload(line("a", "x"), "{not json", line("a", "again"));
    Batch batch = client.batches().retrieve(create(file).id());

    assertThat(batch.status()).isEqualTo(Batch.Status.FAILED);
    List<BatchError> errors = batch.errors().orElseThrow().data().orElseThrow();
    assertThat(errors)
        .extracting(e -> e.code().orElseThrow())
        .containsExactly("invalid_json_line", "duplicate_custom_id");
    assertThat(errors).extracting(e -> e.line().orElseThrow()).containsExactly(2L, 3L);
    assertThat(upstream.batchLinesRun()).isZero();
  }

  @Test
  void scriptedFailure_failsTheNextBatch() {
    upstream.failNextBatch("token_limit_exceeded", "Enqueued token limit reached.");
    Batch batch = client.batches().retrieve(create(upload(line("a", "x"))).id());

    assertThat(batch.status()).isEqualTo(Batch.Status.FAILED);
    assertThat(batch.errors().orElseThrow().data().orElseThrow())
        .extracting(e -> e.message().orElseThrow())
        .containsExactly("Enqueued token limit reached.");
  }

  @Test
  void delayedBatch_staysInProgress_andCancelsWithoutRunningAnyLine() {
    upstream.update(settings -> settings.withBatchDelay(Duration.ofHours(1)));
    Batch created = create(upload(line("a", "x"), line("b", "y")));

    assertThat(client.batches().retrieve(created.id()).status())
        .isEqualTo(Batch.Status.IN_PROGRESS);
    assertThat(client.batches().cancel(created.id()).status()).isEqualTo(Batch.Status.CANCELLING);
    Batch cancelled = client.batches().retrieve(created.id());

    assertThat(cancelled.status()).isEqualTo(Batch.Status.CANCELLED);
    assertThat(cancelled.outputFileId()).isEmpty();
    Map<String, JsonNode> errors = byCustomId(content(cancelled.errorFileId().orElseThrow()));
    assertThat(errors.values())
        .allSatisfy(
            line -> assertThat(line.at("/error/code").asText()).isEqualTo("batch_cancelled"));
    assertThat(errors.keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(upstream.batchLinesRun()).isZero();
    assertThatThrownBy(() -> client.batches().cancel(created.id()))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void expiringBatch_runsSomeLines_andWritesTheRestOffAsExpired() {
    upstream.expireNextBatch(1);
    Batch batch = client.batches().retrieve(create(upload(line("a", "x"), line("b", "y"))).id());

    assertThat(batch.status()).isEqualTo(Batch.Status.EXPIRED);
    assertThat(byCustomId(content(batch.outputFileId().orElseThrow())).keySet())
        .containsExactly("a");
    assertThat(
            byCustomId(content(batch.errorFileId().orElseThrow()))
                .get("b")
                .at("/error/code")
                .asText())
        .isEqualTo("batch_expired");
  }

  @Test
  void scriptedCallFailure_answersTheNextBatchRequest() {
    String file = upload(line("a", "x"));
    upstream.failNextBatchCall("POST", "/v1/batches", 500, null, "The server had an error");

    assertThatThrownBy(() -> create(file)).isInstanceOf(InternalServerException.class);
    assertThat(create(file).status()).isEqualTo(Batch.Status.VALIDATING);
  }

  @Test
  void withoutNativeBatch_filesAndBatchesAre404() {
    upstream.update(settings -> settings.withNativeBatch(false));
    MockClient http = new MockClient(upstream.baseUrl());

    assertThat(http.post("/batches", "{}").statusCode()).isEqualTo(404);
    assertThat(http.get("/files/file-1/content").statusCode()).isEqualTo(404);
  }

  @Test
  void requiredKey_isCheckedOnBatchRequests() {
    upstream.update(settings -> settings.withRequiredApiKey("sk-other"));
    assertThatThrownBy(() -> client.batches().retrieve("batch_x"))
        .isInstanceOf(com.openai.errors.UnauthorizedException.class);
  }

  private String upload(String... lines) {
    Path file = folder.resolve("input-" + System.nanoTime() + ".jsonl");
    try {
      Files.writeString(file, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FileObject uploaded =
        client
            .files()
            .create(FileCreateParams.builder().file(file).purpose(FilePurpose.BATCH).build());
    assertThat(uploaded.purpose()).isEqualTo(FileObject.Purpose.BATCH);
    return uploaded.id();
  }

  private static Batch create(String fileId) {
    return client
        .batches()
        .create(
            BatchCreateParams.builder()
                .inputFileId(fileId)
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
  }

  private static String content(String fileId) {
    try (HttpResponse response = client.files().content(fileId)) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, JsonNode> byCustomId(String jsonl) {
    return Arrays.stream(jsonl.split("\n"))
        .filter(line -> !line.isBlank())
        .map(MockClient::json)
        .collect(Collectors.toMap(line -> line.path("custom_id").asText(), Function.identity()));
  }

  private static JsonNode body(String prompt) {
    return MockClient.json(
        "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + prompt
            + "\"}]}");
  }

  private static String line(String customId, String prompt) {
    return "{\"custom_id\":\""
        + customId
        + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
        + body(prompt)
        + "}";
  }
}
