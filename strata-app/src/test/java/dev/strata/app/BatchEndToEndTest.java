package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Batches of 1,000 records submitted with the official OpenAI Java SDK and the AWS SDK's
 * {@code BedrockClient} run to completion through a whole Strata: through a mock upstream that
 * has OpenAI's batch API they go there and are billed at the batch price; through one without it
 * they run as on-demand calls and are billed at the on-demand price — in both cases recorded as
 * batch work, one ledger row per record.
 */
@Timeout(300)
class BatchEndToEndTest {
  private static final int RECORDS = 1_000;
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  // gpt-4o-mini: on demand $0.15 / $0.60 per 1M tokens, batch $0.075 / $0.30. 100 in, 20 out.
  private static final Money ON_DEMAND_PER_RECORD = Money.ofUsd("0.000027");
  private static final Money BATCH_PER_RECORD = Money.ofUsd("0.0000135");

  @TempDir Path dir;
  private MockOpenAiUpstream withBatchApi;
  private MockOpenAiUpstream withoutBatchApi;
  private TestDeployment deployment;

  @BeforeEach
  void start() throws IOException {
    withBatchApi = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withUsage(100, 20, 0).withNativeBatch(true));
    withoutBatchApi = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withUsage(100, 20, 0));
    deployment =
        new TestDeployment(
            dir,
            """
            local:
              enabled: false
            batch:
              concurrency: 16
              idlePoll: 50ms
              nativePoll: 100ms
            providers:
              batching:
                type: openai
                baseUrl: %s
                apiKey: sk-upstream
                nativeBatch: true
              plain:
                type: openai
                baseUrl: %s
                apiKey: sk-upstream
            models:
              - name: gpt-4o-mini
                provider: batching
              - name: gpt-4o-mini-on-demand
                provider: plain
                upstreamModel: gpt-4o-mini
                price: gpt-4o-mini
            """
                .formatted(withBatchApi.baseUrl(), withoutBatchApi.baseUrl()));
    deployment.start();
  }

  @AfterEach
  void stop() {
    deployment.close();
    withBatchApi.close();
    withoutBatchApi.close();
  }

  @Test
  void openAiSdkBatch_throughAnUpstreamWithoutABatchApi_runsOnDemandAtOnDemandPrices() throws IOException {
    Batch done = runOpenAiBatch("gpt-4o-mini-on-demand");

    assertThat(withoutBatchApi.requestCount("POST", "/v1/chat/completions")).isGreaterThanOrEqualTo(RECORDS);
    assertThat(ledgerRows(done.id())).hasSize(RECORDS).allSatisfy(row -> {
      assertThat(row.tier()).isEqualTo(Tier.BATCH);
      assertThat(row.cost()).isEqualTo(ON_DEMAND_PER_RECORD);
      assertThat(row.priceReference()).contains("at on_demand prices");
    });
  }

  @Test
  void openAiSdkBatch_throughAnUpstreamWithABatchApi_goesThereAtTheBatchPrice() throws IOException {
    Batch done = runOpenAiBatch("gpt-4o-mini");

    assertThat(withBatchApi.requestCount("POST", "/v1/chat/completions")).isZero();
    assertThat(withBatchApi.batchLinesRun()).isEqualTo(RECORDS);
    assertThat(ledgerRows(done.id())).hasSize(RECORDS).allSatisfy(row -> {
      assertThat(row.tier()).isEqualTo(Tier.BATCH);
      assertThat(row.cost()).isEqualTo(BATCH_PER_RECORD);
      assertThat(row.priceReference()).doesNotContain("on_demand");
    });
  }

  @Test
  void bedrockSdkJob_throughAnUpstreamWithABatchApi_goesThereAtTheBatchPrice() throws IOException {
    String jobId = runBedrockJob("gpt-4o-mini");

    assertThat(withBatchApi.requestCount("POST", "/v1/chat/completions")).isZero();
    assertThat(ledgerRows(jobId)).hasSize(RECORDS)
        .allSatisfy(row -> assertThat(row.cost()).isEqualTo(BATCH_PER_RECORD));
  }

  @Test
  void bedrockSdkJob_throughAnUpstreamWithoutABatchApi_runsOnDemandAtOnDemandPrices() throws IOException {
    String jobId = runBedrockJob("gpt-4o-mini-on-demand");

    assertThat(withoutBatchApi.requestCount("POST", "/v1/chat/completions")).isGreaterThanOrEqualTo(RECORDS);
    assertThat(ledgerRows(jobId)).hasSize(RECORDS)
        .allSatisfy(row -> assertThat(row.cost()).isEqualTo(ON_DEMAND_PER_RECORD));
  }

  // --- OpenAI ---

  private Batch runOpenAiBatch(String model) throws IOException {
    String key = deployment.createKey("--team", "analytics");
    OpenAIClient client =
        OpenAIOkHttpClient.builder().baseUrl(deployment.baseUrl()).apiKey(key).maxRetries(0).build();
    try {
      String input = IntStream.range(0, RECORDS)
          .mapToObj(i -> "{\"custom_id\":\"req-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
              + "\"body\":{\"model\":\"" + model + "\",\"max_tokens\":20,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"question " + i + "\"}]}}")
          .collect(Collectors.joining("\n", "", "\n"));
      FileObject file = client.files().create(FileCreateParams.builder()
          .file(MultipartField.<InputStream>builder()
              .value(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))
              .filename("requests.jsonl")
              .build())
          .purpose(FilePurpose.BATCH)
          .build());
      Batch created = client.batches().create(BatchCreateParams.builder()
          .inputFileId(file.id())
          .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
          .completionWindow(BatchCreateParams.CompletionWindow._24H)
          .build());

      Batch done = await(() -> client.batches().retrieve(created.id()),
          batch -> Batch.Status.COMPLETED.equals(batch.status()) || Batch.Status.FAILED.equals(batch.status()));

      assertThat(done.status()).isEqualTo(Batch.Status.COMPLETED);
      assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(RECORDS);
      assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(RECORDS);
      assertThat(done.requestCounts().orElseThrow().failed()).isZero();
      assertThat(done.errorFileId()).isEmpty();
      List<JsonNode> lines = jsonLines(download(client, done.outputFileId().orElseThrow()));
      assertThat(lines).hasSize(RECORDS);
      assertThat(lines.stream().map(line -> line.path("custom_id").asText()).collect(Collectors.toSet()))
          .isEqualTo(IntStream.range(0, RECORDS).mapToObj(i -> "req-" + i).collect(Collectors.toSet()));
      assertThat(lines).allSatisfy(line -> {
        assertThat(line.path("response").path("status_code").asInt()).isEqualTo(200);
        assertThat(line.path("response").path("body").path("usage").path("prompt_tokens").asInt()).isEqualTo(100);
      });
      return done;
    } finally {
      client.close();
    }
  }

  private static String download(OpenAIClient client, String fileId) throws IOException {
    try (HttpResponse response = client.files().content(fileId)) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // --- Bedrock ---

  private String runBedrockJob(String model) throws IOException {
    TestDeployment.CliRun created = deployment.cli("keys", "create", "--name", "aws-batch", "--aws", "--quiet");
    assertThat(created.code()).as(created.err()).isZero();
    List<String> keyLines = created.out().lines().toList();
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(keyLines.get(1).trim(), keyLines.get(2).trim()));
    String input = IntStream.range(0, RECORDS)
        .mapToObj(i -> "{\"recordId\":\"rec" + i + "\",\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\","
            + "\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"question " + i + "\"}]}}")
        .collect(Collectors.joining("\n", "", "\n"));
    try (S3Client s3 = S3Client.builder()
            .endpointOverride(URI.create(deployment.serverUrl() + "/s3"))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build();
        BedrockClient bedrock = BedrockClient.builder()
            .endpointOverride(URI.create(deployment.serverUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build()) {
      s3.putObject(put -> put.bucket("batch-input").key("jobs/records.jsonl"), RequestBody.fromString(input));
      String arn = bedrock.createModelInvocationJob(job -> job
              .jobName("nightly")
              .roleArn("arn:aws:iam::123456789012:role/batch")
              .modelId(model)
              .inputDataConfig(in -> in.s3InputDataConfig(c -> c.s3Uri("s3://batch-input/jobs/records.jsonl")))
              .outputDataConfig(out -> out.s3OutputDataConfig(c -> c.s3Uri("s3://batch-output/results/"))))
          .jobArn();
      String jobId = arn.substring(arn.lastIndexOf('/') + 1);

      GetModelInvocationJobResponse done = await(
          () -> bedrock.getModelInvocationJob(get -> get.jobIdentifier(arn)),
          job -> ModelInvocationJobStatus.COMPLETED.equals(job.status())
              || ModelInvocationJobStatus.FAILED.equals(job.status())
              || ModelInvocationJobStatus.PARTIALLY_COMPLETED.equals(job.status()));

      assertThat(done.status()).as(done.message()).isEqualTo(ModelInvocationJobStatus.COMPLETED);
      List<JsonNode> lines = jsonLines(s3.getObjectAsBytes(get -> get
          .bucket("batch-output").key("results/" + jobId + "/records.jsonl.out")).asUtf8String());
      assertThat(lines).hasSize(RECORDS);
      Set<String> ids = new HashSet<>();
      assertThat(lines).allSatisfy(line -> {
        assertThat(line.has("modelOutput")).as(line.toString()).isTrue();
        assertThat(line.path("modelOutput").path("usage").path("input_tokens").asInt()).isEqualTo(100);
        ids.add(line.path("recordId").asText());
      });
      assertThat(ids).hasSize(RECORDS);
      JsonNode manifest = JSON.readTree(s3.getObjectAsBytes(get -> get
          .bucket("batch-output").key("results/" + jobId + "/manifest.json.out")).asUtf8String());
      assertThat(manifest.path("totalRecordCount").asInt()).isEqualTo(RECORDS);
      assertThat(manifest.path("successRecordCount").asInt()).isEqualTo(RECORDS);
      assertThat(manifest.path("inputTokenCount").asLong()).isEqualTo(100L * RECORDS);
      assertThat(manifest.path("outputTokenCount").asLong()).isEqualTo(20L * RECORDS);
      return jobId;
    }
  }

  // --- shared ---

  private List<UsageRecord> ledgerRows(String jobId) {
    try (Database database = Database.open(deployment.config().storeUrl())) {
      return new SqlLedgerReader(database).latest(10 * RECORDS).stream()
          .filter(row -> row.requestId().startsWith("batch-" + jobId + "-"))
          .toList();
    }
  }

  private static List<JsonNode> jsonLines(String text) throws IOException {
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  private static <T> T await(Supplier<T> poll, Predicate<T> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T value = poll.get();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + WAIT + ": " + value);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
