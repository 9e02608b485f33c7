package dev.strata.server.bedrock.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchWorker;
import dev.strata.core.batch.BatchWorkerOptions;
import dev.strata.core.batch.PathRecordRunner;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.model.Usage;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.ScriptedReply;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobStatus;

/**
 * A job created with the AWS SDK and run by the real batch worker through a request path to a
 * scripted upstream: its status and counts come back through GetModelInvocationJob and its outputs
 * land where Bedrock puts them, in Bedrock's record format.
 */
@Timeout(60)
class ModelInvocationJobWorkerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLAUDE =
      "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Summarize %s\"}]}";
  private static final String CONVERSE =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Summarize c\"}]}]}";

  private final JobsServer server = new JobsServer();
  private final BedrockClient client = server.client(server.acmeAws);
  private final List<BatchWorker> workers = new ArrayList<>();

  @AfterEach
  void stop() {
    workers.forEach(BatchWorker::close);
    client.close();
    server.close();
  }

  @Test
  void aJobRunByTheWorker_completesWithBedrockOutputsAndManifest() throws IOException {
    FakeProvider upstream =
        new FakeProvider("fake")
            .reply(
                JobsServer.MODEL,
                ScriptedReply.text("summary a", Usage.of(11, 4)),
                ScriptedReply.text("summary b", Usage.of(12, 5)),
                ScriptedReply.failing(ErrorKind.INVALID_REQUEST));
    server.putObject(
        "s3://batch-in/jobs/docs.jsonl",
        "{\"recordId\":\"doc-a\",\"modelInput\":"
            + CLAUDE.formatted("a")
            + "}\n{\"modelInput\":"
            + CLAUDE.formatted("b")
            + "}\n\n{\"recordId\":\"doc-c\",\"modelInput\":"
            + CONVERSE
            + "}\n");
    String arn =
        client
            .createModelInvocationJob(
                job ->
                    job.jobName("docs")
                        .roleArn(JobsServer.ROLE)
                        .modelId(JobsServer.MODEL)
                        .inputDataConfig(
                            in ->
                                in.s3InputDataConfig(
                                    s3 -> s3.s3Uri("s3://batch-in/jobs/docs.jsonl")))
                        .outputDataConfig(
                            out -> out.s3OutputDataConfig(s3 -> s3.s3Uri(JobsServer.OUTPUT))))
            .jobArn();
    String id = arn.substring(arn.lastIndexOf('/') + 1);

    startWorker(upstream);
    server.queue.awaitJob(id, job -> job.status().isTerminal(), WAIT);

    GetModelInvocationJobResponse job = client.getModelInvocationJob(get -> get.jobIdentifier(arn));
    assertThat(job.status()).isEqualTo(ModelInvocationJobStatus.PARTIALLY_COMPLETED);
    assertThat(job.totalRecordCount()).isEqualTo(3);
    assertThat(job.successRecordCount()).isEqualTo(2);
    assertThat(job.errorRecordCount()).isEqualTo(1);
    assertThat(job.endTime()).isNotNull();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : server.text(JobsServer.OUTPUT + id + "/docs.jsonl.out").split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .extracting(line -> line.get("recordId").asText())
        .containsExactly("doc-a", "00000000002", "doc-c");
    assertThat(lines.get(0).get("modelInput")).isEqualTo(JSON.readTree(CLAUDE.formatted("a")));
    assertThat(lines.get(0).at("/modelOutput/content/0/text").asText()).isEqualTo("summary a");
    assertThat(lines.get(1).at("/modelOutput/usage/output_tokens").asInt()).isEqualTo(5);
    assertThat(lines.get(2).get("modelInput")).isEqualTo(JSON.readTree(CONVERSE));
    assertThat(lines.get(2).at("/error/errorCode").asInt()).isEqualTo(400);
    JsonNode manifest = JSON.readTree(server.text(JobsServer.OUTPUT + id + "/manifest.json.out"));
    assertThat(manifest.get("totalRecordCount").asInt()).isEqualTo(3);
    assertThat(manifest.get("processedRecordCount").asInt()).isEqualTo(3);
    assertThat(manifest.get("successRecordCount").asInt()).isEqualTo(2);
    assertThat(manifest.get("errorRecordCount").asInt()).isEqualTo(1);
    assertThat(manifest.get("inputTokenCount").asInt()).isEqualTo(23);
    assertThat(manifest.get("outputTokenCount").asInt()).isEqualTo(9);
  }

  @Test
  void aJobWithAnInvalidRecord_failsWithAMessageNamingLineAndField() {
    server.putObject(
        "s3://batch-in/jobs/bad.jsonl",
        "{\"modelInput\":"
            + CLAUDE.formatted("a")
            + "}\n{\"recordId\":\"x\",\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\","
            + "\"messages\":[]}}\n");
    String arn =
        client
            .createModelInvocationJob(
                job ->
                    job.jobName("bad")
                        .roleArn(JobsServer.ROLE)
                        .modelId(JobsServer.MODEL)
                        .inputDataConfig(
                            in ->
                                in.s3InputDataConfig(
                                    s3 -> s3.s3Uri("s3://batch-in/jobs/bad.jsonl")))
                        .outputDataConfig(
                            out -> out.s3OutputDataConfig(s3 -> s3.s3Uri(JobsServer.OUTPUT))))
            .jobArn();
    FakeProvider upstream = new FakeProvider("fake");

    startWorker(upstream);
    server.queue.awaitJob(
        arn.substring(arn.lastIndexOf('/') + 1), job -> job.status().isTerminal(), WAIT);

    GetModelInvocationJobResponse job = client.getModelInvocationJob(get -> get.jobIdentifier(arn));
    assertThat(job.status()).isEqualTo(ModelInvocationJobStatus.FAILED);
    assertThat(job.message()).contains("Line 2").contains("modelInput.max_tokens");
    assertThat(upstream.calls()).isEmpty();
  }

  private void startWorker(FakeProvider upstream) {
    Clock clock = Clock.systemUTC();
    ProviderRegistry providers = new ProviderRegistry(List.of(upstream));
    CostMeter costMeter = new CostMeter(PriceBookLoader.shipped(), providers);
    PathRecordRunner runner =
        new PathRecordRunner(
            ledger ->
                List.of(
                    new Settle(ledger, clock),
                    new Meter(costMeter),
                    new Route(server.catalog),
                    new Invoke(providers)),
            clock);
    BatchWorkerOptions options =
        new BatchWorkerOptions(
            "bedrock-test-worker",
            1,
            Duration.ofMinutes(1),
            Duration.ofMillis(20),
            Duration.ofMinutes(1),
            1_000,
            1,
            Duration.ofSeconds(30));
    workers.add(
        BatchWorker.start(
            server.queue,
            server.store,
            Map.of(BatchApi.BEDROCK, new BedrockBatchFormat()),
            server.catalog,
            providers,
            costMeter,
            runner,
            options,
            clock));
  }
}
