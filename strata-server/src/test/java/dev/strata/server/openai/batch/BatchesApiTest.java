package dev.strata.server.openai.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ErrorObject;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.batches.BatchListPage;
import com.openai.models.batches.BatchListParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchStatus;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI SDK's Batches calls work against Strata, from upload to output file. */
class BatchesApiTest {
  private static BatchApiServer server;
  private static OpenAIClient acme;
  private static OpenAIClient globex;

  @BeforeAll
  static void start() {
    server = new BatchApiServer();
    acme = server.client(server.acmeKey);
    globex = server.client(server.otherTenantKey);
  }

  @AfterAll
  static void stop() {
    acme.close();
    globex.close();
    server.close();
  }

  static String chatLine(String customId, String text) {
    return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
        + "\"body\":{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text
        + "\"}],\"max_tokens\":50}}";
  }

  private static String upload(OpenAIClient client, String content, FilePurpose purpose) {
    return client.files().create(FilesApiTest.upload("input.jsonl", content, purpose)).id();
  }

  private static BatchCreateParams create(String fileId) {
    return BatchCreateParams.builder()
        .inputFileId(fileId)
        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
        .completionWindow(BatchCreateParams.CompletionWindow._24H)
        .build();
  }

  private static String download(String fileId) throws IOException {
    try (HttpResponse response = acme.files().content(fileId)) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void create_queuesTheJobAndAnswersTheBatchObject() {
    String input = upload(acme, chatLine("a", "one") + "\n" + chatLine("b", "two") + "\n", FilePurpose.BATCH);

    Batch batch =
        acme.batches()
            .create(
                create(input).toBuilder()
                    .metadata(
                        BatchCreateParams.Metadata.builder()
                            .putAdditionalProperty("project", JsonValue.from("nightly"))
                            .build())
                    .build());

    long now = server.clock.instant().getEpochSecond();
    assertThat(batch.id()).startsWith("batch_");
    assertThat(batch._object_()).isEqualTo(JsonValue.from("batch"));
    assertThat(batch.endpoint()).isEqualTo("/v1/chat/completions");
    assertThat(batch.model()).contains("gpt-4o");
    assertThat(batch.inputFileId()).isEqualTo(input);
    assertThat(batch.completionWindow()).isEqualTo("24h");
    assertThat(batch.status()).isEqualTo(Batch.Status.VALIDATING);
    assertThat(batch.createdAt()).isEqualTo(now);
    assertThat(batch.expiresAt()).contains(now + 24 * 3600);
    assertThat(batch.errors()).isEmpty();
    assertThat(batch.outputFileId()).isEmpty();
    assertThat(batch.requestCounts().get().total()).isZero();
    BatchJob queued = server.queue.job(batch.id()).orElseThrow();
    assertThat(queued.api()).isEqualTo(BatchApi.OPENAI);
    assertThat(queued.status()).isEqualTo(BatchStatus.SUBMITTED);
    assertThat(queued.owner().tenant()).isEqualTo("acme");
    assertThat(queued.input().uri()).isEqualTo("s3://strata-files/" + input);
    assertThat(queued.output().uri()).isEqualTo("s3://strata-files/");
    assertThat(queued.metadata()).containsEntry("project", "nightly");
    assertThat(acme.batches().retrieve(batch.id())).isEqualTo(batch);
    assertThat(rawBatch(batch.id()).get("metadata").toString()).isEqualTo("{\"project\":\"nightly\"}");
  }

  private static JsonNode rawBatch(String id) {
    try {
      return ObjectMappers.jsonMapper()
          .readTree(server.send(server.request("/v1/batches/" + id, server.acmeKey).GET()).body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void list_pagesNewestFirst_andShowsOneTenantsBatchesOnly() {
    OpenAIClient pager = server.client(server.key("batch-pager", "batch-pager"));
    String input = upload(pager, chatLine("a", "x") + "\n", FilePurpose.BATCH);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(pager.batches().create(create(input)).id());
      server.clock.advance(Duration.ofSeconds(1));
    }

    BatchListPage first = pager.batches().list(BatchListParams.builder().limit(2).build());
    List<String> all = new ArrayList<>();
    first.autoPager().forEach(batch -> all.add(batch.id()));

    assertThat(first.data()).extracting(Batch::id).containsExactly(created.get(2), created.get(1));
    assertThat(first.hasNextPage()).isTrue();
    assertThat(all).containsExactly(created.get(2), created.get(1), created.get(0));
    assertThat(acme.batches().list().data()).extracting(Batch::id).doesNotContainAnyElementsOf(created);
    assertThatThrownBy(() -> acme.batches().retrieve(created.get(0)))
        .isInstanceOf(NotFoundException.class);
    pager.close();
  }

  @Test
  void cancel_makesTheBatchCancelling_onlyForItsTenant_andNotOnceFinished() {
    String input = upload(acme, chatLine("a", "x") + "\n", FilePurpose.BATCH);
    Batch batch = acme.batches().create(create(input));

    assertThatThrownBy(() -> globex.batches().cancel(batch.id())).isInstanceOf(NotFoundException.class);
    Batch cancelling = acme.batches().cancel(batch.id());

    assertThat(cancelling.status()).isEqualTo(Batch.Status.CANCELLING);
    assertThat(server.queue.job(batch.id()).orElseThrow().status()).isEqualTo(BatchStatus.CANCELLING);

    Batch done = acme.batches().create(create(input));
    new FakeWorker(server).run(done.id());
    assertThatThrownBy(() -> acme.batches().cancel(done.id()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.getMessage()).contains("completed"));
  }

  @Test
  void aBatchWithBadLines_isAccepted_thenFailsWithErrorsNamingLineAndField() {
    String content =
        chatLine("ok", "fine") + "\n\n"
            + "{\"custom_id\":\"bad-method\",\"method\":\"GET\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"gpt-4o\",\"messages\":[]}}\n"
            + chatLine("bad-model", "x").replace("gpt-4o", "gpt-4o-mini") + "\n"
            + "not json\n";
    String input = upload(acme, content, FilePurpose.BATCH);
    Batch accepted = acme.batches().create(create(input));
    assertThat(accepted.status()).isEqualTo(Batch.Status.VALIDATING);

    new FakeWorker(server).run(accepted.id());
    Batch failed = acme.batches().retrieve(accepted.id());

    assertThat(failed.status()).isEqualTo(Batch.Status.FAILED);
    assertThat(failed.failedAt()).contains(server.clock.instant().getEpochSecond());
    List<BatchError> errors = failed.errors().orElseThrow().data().orElseThrow();
    assertThat(errors)
        .extracting(e -> e.line().orElseThrow(), e -> e.param().orElse(null), e -> e.code().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, "method", "invalid_value"),
            org.assertj.core.groups.Tuple.tuple(4L, "body.model", "model_mismatch"),
            org.assertj.core.groups.Tuple.tuple(5L, null, "invalid_json"));
    assertThat(errors.get(0).message().orElseThrow()).startsWith("Line 3: ");
  }

  @Test
  void aCompletedBatch_hasOutputAndErrorFilesTheSdkReads() throws IOException {
    String content =
        chatLine("first", "hello") + "\n" + chatLine("fail-1", "nope") + "\n" + chatLine("third", "bye") + "\n";
    Batch batch = acme.batches().create(create(upload(acme, content, FilePurpose.BATCH)));

    new FakeWorker(server).run(batch.id());
    Batch done = acme.batches().retrieve(batch.id());

    assertThat(done.status()).isEqualTo(Batch.Status.COMPLETED);
    assertThat(done.completedAt()).isPresent();
    assertThat(done.requestCounts().get().total()).isEqualTo(3);
    assertThat(done.requestCounts().get().completed()).isEqualTo(2);
    assertThat(done.requestCounts().get().failed()).isEqualTo(1);
    FileObject output = acme.files().retrieve(done.outputFileId().orElseThrow());
    assertThat(output.purpose()).isEqualTo(FileObject.Purpose.BATCH_OUTPUT);
    assertThat(output.filename()).isEqualTo(batch.id() + "_output.jsonl");
    List<String> answered = download(output.id()).lines().toList();
    assertThat(answered).hasSize(2);
    JsonNode first = ObjectMappers.jsonMapper().readTree(answered.get(0));
    assertThat(first.get("custom_id").asText()).isEqualTo("first");
    ChatCompletion completion =
        ObjectMappers.jsonMapper().treeToValue(first.at("/response/body"), ChatCompletion.class);
    assertThat(completion.choices().get(0).message().content()).contains("echo: hello");
    assertThat(ObjectMappers.jsonMapper().readTree(answered.get(1)).get("custom_id").asText())
        .isEqualTo("third");
    List<String> failedLines = download(done.errorFileId().orElseThrow()).lines().toList();
    JsonNode failure = ObjectMappers.jsonMapper().readTree(failedLines.get(0));
    assertThat(failedLines).hasSize(1);
    assertThat(failure.get("custom_id").asText()).isEqualTo("fail-1");
    assertThat(failure.at("/response/status_code").asInt()).isEqualTo(429);
    assertThat(
            ObjectMappers.jsonMapper()
                .treeToValue(failure.at("/response/body/error"), ErrorObject.class)
                .type())
        .isEqualTo("rate_limit_error");
    assertThat(acme.files().list().data()).extracting(FileObject::id).contains(output.id());
    assertThatThrownBy(() -> globex.files().retrieve(output.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void createRefusesInputFilesThatAreMissingForeignOfTheWrongPurposeOrEmpty() {
    String foreign = upload(globex, chatLine("a", "x") + "\n", FilePurpose.BATCH);
    String userData =
        acme.files().create(FilesApiTest.upload("data.jsonl", chatLine("a", "x") + "\n", FilePurpose.USER_DATA)).id();
    String blank = upload(acme, "\n  \n", FilePurpose.BATCH);

    assertParam(() -> acme.batches().create(create("file-000000000000000000000000")), 404, "input_file_id");
    assertParam(() -> acme.batches().create(create(foreign)), 404, "input_file_id");
    assertParam(() -> acme.batches().create(create(userData)), 400, "input_file_id");
    assertParam(() -> acme.batches().create(create(blank)), 400, "input_file_id");
  }

  @Test
  void createRefusesUnsupportedEndpointsWindowsAndMetadata() {
    String input = upload(acme, chatLine("a", "x") + "\n", FilePurpose.BATCH);
    BatchCreateParams.Metadata.Builder tooMany = BatchCreateParams.Metadata.builder();
    for (int i = 0; i < 17; i++) {
      tooMany.putAdditionalProperty("k" + i, JsonValue.from("v"));
    }

    assertParam(
        () -> acme.batches().create(create(input).toBuilder().endpoint(BatchCreateParams.Endpoint.V1_RESPONSES).build()),
        400, "endpoint");
    assertParam(
        () -> acme.batches().create(create(input).toBuilder().endpoint(BatchCreateParams.Endpoint.of("/v1/nope")).build()),
        400, "endpoint");
    assertParam(
        () -> acme.batches().create(create(input).toBuilder().completionWindow(BatchCreateParams.CompletionWindow.of("48h")).build()),
        400, "completion_window");
    assertParam(() -> acme.batches().create(create(input).toBuilder().metadata(tooMany.build()).build()), 400, "metadata");
    assertParam(
        () -> acme.batches().create(create(input).toBuilder()
            .metadata(BatchCreateParams.Metadata.builder().putAdditionalProperty("k".repeat(65), JsonValue.from("v")).build())
            .build()),
        400, "metadata");
    assertParam(
        () -> acme.batches().create(create(input).toBuilder()
            .metadata(BatchCreateParams.Metadata.builder().putAdditionalProperty("k", JsonValue.from("v".repeat(513))).build())
            .build()),
        400, "metadata.k");
  }

  @Test
  void malformedCreateBodiesAndUnknownBatches_getOpenAiErrors() throws Exception {
    var missing =
        server.send(
            server.request("/v1/batches", server.acmeKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"24h\"}")));
    var broken =
        server.send(
            server.request("/v1/batches", server.acmeKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input_file_id\":")));
    var unauthenticated =
        server.send(server.request("/v1/batches", null).GET());

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"param\":\"input_file_id\"");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("\"code\":\"invalid_json\"");
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertParam(() -> acme.batches().retrieve("batch_doesnotexist"), 404, "batch_id");
    assertParam(() -> acme.batches().retrieve("../etc"), 404, "batch_id");
    assertParam(() -> acme.batches().list(BatchListParams.builder().limit(101).build()), 400, "limit");
  }

  private static void assertParam(Runnable call, int status, String param) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            OpenAIServiceException.class,
            e -> {
              assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
              assertThat(e.param()).as(e.getMessage()).contains(param);
            });
  }
}
