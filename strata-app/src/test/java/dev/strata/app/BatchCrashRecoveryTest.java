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
import com.openai.models.files.FilePurpose;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strata is killed with {@code kill -9} in the middle of a batch and started again: the job
 * completes with every record exactly once in its output, and the ledger has exactly one row per
 * record — no record lost, none billed twice — although the calls in flight at the kill were made
 * again.
 */
@Timeout(300)
class BatchCrashRecoveryTest {
  private static final int RECORDS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();
  // gpt-4o-mini on demand: 50 × $0.15/1M + 10 × $0.60/1M.
  private static final Money PER_RECORD = Money.ofUsd("0.0000135");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private MockOpenAiUpstream upstream;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void killedMidBatch_resumesAfterRestart_everyRecordOnceInOutputAndLedger() throws Exception {
    upstream = MockOpenAiUpstream.start(
        MockSettings.DEFAULTS.withUsage(50, 10, 0).withLatency(Duration.ofMillis(40)));
    int port = freePort();
    TestDeployment deployment = new TestDeployment(dir, """
        local:
          enabled: false
        batch:
          concurrency: 4
          leaseDuration: 2s
          idlePoll: 50ms
        providers:
          plain:
            type: openai
            baseUrl: %s
            apiKey: sk-upstream
        models:
          - name: gpt-4o-mini
            provider: plain
        """.formatted(upstream.baseUrl()));
    Files.writeString(deployment.configFile(),
        Files.readString(deployment.configFile()).replace("port: 0", "port: " + port));
    String key = deployment.createKey();
    String serverUrl = "http://127.0.0.1:" + port;

    Process first = serve(deployment, "first");
    awaitHealthy(serverUrl, first);
    String batchId;
    OpenAIClient client = client(serverUrl, key);
    batchId = submit(client);
    awaitCompleted(client, batchId, RECORDS / 4);
    client.close();
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no lease given back
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long callsBeforeRestart = upstream.requestCount("POST", "/v1/chat/completions");
    assertThat(callsBeforeRestart).as("killed in the middle").isLessThan(RECORDS);

    Process second = serve(deployment, "second");
    awaitHealthy(serverUrl, second);
    client = client(serverUrl, key); // the old one's pooled connections died with the process
    Batch done = awaitCompleted(client, batchId, RECORDS);

    assertThat(done.status()).isEqualTo(Batch.Status.COMPLETED);
    assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(RECORDS);
    List<String> ids = outputIds(client, done.outputFileId().orElseThrow());
    assertThat(ids).hasSize(RECORDS).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, RECORDS).mapToObj(i -> "req-" + i).toList());
    client.close();
    second.destroy(); // a graceful stop this time
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

    List<UsageRecord> rows;
    try (Database database = Database.open(deployment.config().storeUrl())) {
      rows = new SqlLedgerReader(database).latest(10 * RECORDS).stream()
          .filter(row -> row.requestId().startsWith("batch-" + batchId + "-"))
          .toList();
    }
    assertThat(rows).hasSize(RECORDS);
    assertThat(rows.stream().map(UsageRecord::requestId).distinct().count()).isEqualTo(RECORDS);
    assertThat(rows.stream().map(UsageRecord::cost).reduce(Money.ZERO, Money::plus))
        .isEqualTo(Money.ofPico(PER_RECORD.picoUsd() * RECORDS));
    assertThat(upstream.requestCount("POST", "/v1/chat/completions"))
        .as("records in flight at the kill were called again")
        .isGreaterThanOrEqualTo(RECORDS);
  }

  private Process serve(TestDeployment deployment, String name) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = dir.resolve(name + ".log");
    Process process = new ProcessBuilder(
            java, "-cp", classpath, "--enable-native-access=ALL-UNNAMED",
            Main.class.getName(), "serve", "--config", deployment.configFile().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    processes.add(process);
    return process;
  }

  private static void awaitHealthy(String serverUrl, Process process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      while (true) {
        if (!process.isAlive()) {
          throw new AssertionError("Strata exited with " + process.exitValue() + " before it was healthy");
        }
        try {
          if (http.send(HttpRequest.newBuilder(URI.create(serverUrl + "/health")).build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notListeningYet) {
          // keep waiting
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Strata did not become healthy within 90 s");
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
  }

  private static OpenAIClient client(String serverUrl, String key) {
    return OpenAIOkHttpClient.builder().baseUrl(serverUrl + "/v1").apiKey(key).maxRetries(0).build();
  }

  private static String submit(OpenAIClient client) {
    String input = IntStream.range(0, RECORDS)
        .mapToObj(i -> "{\"custom_id\":\"req-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"q" + i + "\"}]}}")
        .collect(Collectors.joining("\n"));
    String fileId = client.files().create(FileCreateParams.builder()
            .file(MultipartField.<InputStream>builder()
                .value(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))
                .filename("crash.jsonl")
                .build())
            .purpose(FilePurpose.BATCH)
            .build())
        .id();
    return client.batches().create(BatchCreateParams.builder()
            .inputFileId(fileId)
            .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
            .completionWindow(BatchCreateParams.CompletionWindow._24H)
            .build())
        .id();
  }

  /** Waits until at least {@code completed} records are done (all of them: the job has ended). */
  private static Batch awaitCompleted(OpenAIClient client, String batchId, int completed) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      Batch batch = client.batches().retrieve(batchId);
      long done = batch.requestCounts().map(counts -> counts.completed()).orElse(0L);
      boolean ended = Batch.Status.COMPLETED.equals(batch.status()) || Batch.Status.FAILED.equals(batch.status());
      if (completed == RECORDS ? ended : done >= completed) {
        return batch;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("batch " + batchId + " did not get to " + completed + " records: " + batch);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  private static List<String> outputIds(OpenAIClient client, String fileId) throws IOException {
    try (HttpResponse response = client.files().content(fileId)) {
      List<String> ids = new ArrayList<>();
      for (String line : new String(response.body().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          JsonNode node = JSON.readTree(line);
          ids.add(node.path("custom_id").asText());
        }
      }
      return ids;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
