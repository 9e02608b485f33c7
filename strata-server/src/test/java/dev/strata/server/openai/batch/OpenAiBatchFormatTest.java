package dev.strata.server.openai.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.ErrorObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import dev.strata.core.auth.Principal;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchError;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.batch.RecordState;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Operation;
import dev.strata.core.testing.InMemoryObjectStore;
import dev.strata.core.testing.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OpenAI batch line format reads, answers and writes files as OpenAI's Batch API does. */
class OpenAiBatchFormatTest {
  private static final Principal OWNER = new Principal("key_1", "acme", "", "", Map.of());
  private static final String CHAT = "/v1/chat/completions";
  private static final String EMBEDDINGS = "/v1/embeddings";

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final OpenAiBatchFormat format = new OpenAiBatchFormat(clock);

  static BatchJob job(String endpoint, String model) {
    return BatchJob.submitted(
        "batch_test1",
        BatchApi.OPENAI,
        "",
        OWNER,
        model,
        endpoint,
        new ObjectRef("strata-files", "file-input"),
        new ObjectRef.Prefix("strata-files", ""),
        java.time.Instant.parse("2025-07-01T09:00:00Z"),
        java.time.Instant.parse("2025-07-02T09:00:00Z"),
        Map.of(),
        Map.of(),
        Optional.empty());
  }

  static String chatLine(String customId, String body) {
    return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
        + "\"body\":" + body + "}";
  }

  static String chatBody(String extra) {
    return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]" + extra + "}";
  }

  @Test
  void read_aChatLine_givesTheCustomIdAndTheDecodedRequest() {
    BatchLine line =
        format.read(job(CHAT, "gpt-4o"), 0, chatLine("req-1", chatBody(",\"max_tokens\":20")));

    assertThat(line.customId()).isEqualTo("req-1");
    assertThat(line.operation()).isInstanceOfSatisfying(
        Operation.Chat.class,
        chat -> {
          assertThat(chat.request().model()).isEqualTo("gpt-4o");
          assertThat(chat.request().messages()).containsExactly(Message.user("Hi"));
          assertThat(chat.request().inference().maxTokens()).hasValue(20);
          assertThat(chat.isStreaming()).isFalse();
        });
  }

  @Test
  void read_anEmbeddingsLine_givesTheTexts() {
    String line =
        "{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
            + "\"body\":{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}}";

    BatchLine read = format.read(job(EMBEDDINGS, "text-embedding-3-small"), 0, line);

    assertThat(read.operation()).isInstanceOfSatisfying(
        Operation.Embed.class, embed -> assertThat(embed.request().inputs()).containsExactly("a", "b"));
  }

  static Stream<Arguments> badChatLines() {
    return Stream.of(
        Arguments.of("not json at all", "invalid_json", ""),
        Arguments.of("[1,2,3]", "invalid_json", ""),
        Arguments.of("{\"custom_id\":\"a\"} trailing", "invalid_json", ""),
        Arguments.of(
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + chatBody("") + ",\"priority\":1}",
            "unknown_parameter",
            "priority"),
        Arguments.of(
            "{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":" + chatBody("") + "}",
            "missing_required_parameter",
            "custom_id"),
        Arguments.of(
            "{\"custom_id\":7,\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + chatBody("") + "}",
            "invalid_type",
            "custom_id"),
        Arguments.of(chatLine("", chatBody("")), "invalid_value", "custom_id"),
        Arguments.of(
            "{\"custom_id\":\"a\",\"method\":\"GET\",\"url\":\"/v1/chat/completions\",\"body\":"
                + chatBody("") + "}",
            "invalid_value",
            "method"),
        Arguments.of(
            "{\"custom_id\":\"a\",\"url\":\"/v1/chat/completions\",\"body\":" + chatBody("") + "}",
            "missing_required_parameter",
            "method"),
        Arguments.of(
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":"
                + chatBody("") + "}",
            "invalid_value",
            "url"),
        Arguments.of(
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"body\":" + chatBody("") + "}",
            "missing_required_parameter",
            "url"),
        Arguments.of(
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}",
            "missing_required_parameter",
            "body"),
        Arguments.of(chatLine("a", "\"hello\""), "invalid_type", "body"),
        Arguments.of(
            chatLine("a", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
            "missing_required_parameter",
            "body.model"),
        Arguments.of(
            chatLine("a", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}"),
            "model_mismatch",
            "body.model"),
        Arguments.of(chatLine("a", chatBody(",\"stream\":true")), "invalid_value", "body.stream"),
        Arguments.of(
            chatLine("a", "{\"model\":\"gpt-4o\"}"), "missing_required_parameter", "body.messages"),
        Arguments.of(
            chatLine("a", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"),
            "invalid_value",
            "body.messages[0].role"),
        Arguments.of(chatLine("a", chatBody(",\"temperature\":\"hot\"")), "invalid_type", "body.temperature"),
        Arguments.of(chatLine("a", chatBody(",\"n\":3")), "invalid_value", "body.n"),
        Arguments.of(chatLine("a", chatBody(",\"bogus\":1")), "unknown_parameter", "body.bogus"));
  }

  @ParameterizedTest
  @MethodSource("badChatLines")
  void read_aBadChatLine_namesTheCodeAndTheField(String line, String code, String param) {
    assertThatThrownBy(() -> format.read(job(CHAT, "gpt-4o"), 4, line))
        .isInstanceOfSatisfying(
            BatchLineException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.getMessage()).isNotBlank();
            });
  }

  @Test
  void read_badEmbeddingsLines_nameTheirFields() {
    BatchJob job = job(EMBEDDINGS, "text-embedding-3-small");
    String base64 =
        "{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":"
            + "{\"model\":\"text-embedding-3-small\",\"input\":\"a\",\"encoding_format\":\"base64\"}}";
    String noInput =
        "{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":"
            + "{\"model\":\"text-embedding-3-small\"}}";

    assertThatThrownBy(() -> format.read(job, 0, base64))
        .isInstanceOfSatisfying(
            BatchLineException.class, e -> assertThat(e.param()).isEqualTo("body.encoding_format"));
    assertThatThrownBy(() -> format.read(job, 0, noInput))
        .isInstanceOfSatisfying(
            BatchLineException.class, e -> assertThat(e.param()).isEqualTo("body.input"));
  }

  @Test
  void aLineError_becomesAJobErrorNamingLineAndField() {
    BatchLineException problem =
        catchLineError(() -> format.read(job(CHAT, "gpt-4o"), 2, chatLine("a", chatBody(",\"n\":3"))));

    BatchError error = problem.atLine(3);

    assertThat(error.line()).hasValue(3);
    assertThat(error.param()).isEqualTo("body.n");
    assertThat(error.message()).startsWith("Line 3: ");
  }

  @Test
  void success_ofAChat_isTheChatCompletionTheEndpointWouldAnswer() throws IOException {
    BatchJob job = job(CHAT, "gpt-4o");
    BatchLine line = format.read(job, 0, chatLine("req-1", chatBody("")));
    ChatResponse answer =
        new ChatResponse(Message.assistant("Hello!"), StopReason.END_TURN, Optional.of(Usage.of(9, 3)));

    JsonNode output = json(format.success(job, line, new Answer.Chat(answer), "rid42"));

    assertThat(output.get("id").asText()).isEqualTo("batch_req_rid42");
    assertThat(output.get("custom_id").asText()).isEqualTo("req-1");
    assertThat(output.get("error").isNull()).isTrue();
    assertThat(output.at("/response/status_code").asInt()).isEqualTo(200);
    assertThat(output.at("/response/request_id").asText()).isEqualTo("rid42");
    ChatCompletion completion =
        ObjectMappers.jsonMapper().treeToValue(output.at("/response/body"), ChatCompletion.class);
    assertThat(completion.id()).isEqualTo("chatcmpl-rid42");
    assertThat(completion.model()).isEqualTo("gpt-4o");
    assertThat(completion.created()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(completion.choices().get(0).message().content()).contains("Hello!");
    assertThat(completion.usage().get().promptTokens()).isEqualTo(9);
    assertThat(completion.usage().get().completionTokens()).isEqualTo(3);
  }

  @Test
  void success_ofEmbeddings_isTheEmbeddingsListTheEndpointWouldAnswer() throws IOException {
    BatchJob job = job(EMBEDDINGS, "text-embedding-3-small");
    BatchLine line =
        format.read(
            job,
            0,
            "{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
                + "\"body\":{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}}");
    EmbeddingResponse vectors = new EmbeddingResponse(List.of(new float[] {0.5f, -1f}), Optional.of(4L));

    JsonNode output = json(format.success(job, line, new Answer.Embeddings(vectors), "rid7"));

    CreateEmbeddingResponse body =
        ObjectMappers.jsonMapper()
            .treeToValue(output.at("/response/body"), CreateEmbeddingResponse.class);
    assertThat(body.data().get(0).embedding()).containsExactly(0.5f, -1f);
    assertThat(body.usage().promptTokens()).isEqualTo(4);
    assertThat(body.model()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void failure_carriesTheErrorsStatusAndOpenAiErrorBody() throws IOException {
    BatchJob job = job(CHAT, "gpt-4o");
    BatchLine line = format.read(job, 0, chatLine("req-9", chatBody("")));
    StrataException limited =
        StrataException.builder(ErrorKind.RATE_LIMITED, "Rate limit reached for gpt-4o").build();

    JsonNode output = json(format.failure(job, line, limited, "rid9"));

    assertThat(output.at("/response/status_code").asInt()).isEqualTo(429);
    assertThat(output.get("custom_id").asText()).isEqualTo("req-9");
    ErrorObject error =
        ObjectMappers.jsonMapper().treeToValue(output.at("/response/body/error"), ErrorObject.class);
    assertThat(error.type()).isEqualTo("rate_limit_error");
    assertThat(error.message()).isEqualTo("Rate limit reached for gpt-4o");
    assertThat(error.code()).contains("rate_limit_exceeded");
  }

  @Test
  void unreadable_hasNoResponseAndTheLineError() throws IOException {
    JsonNode output =
        json(
            format.unreadable(
                job(CHAT, "gpt-4o"),
                "req-3",
                new BatchLineException("invalid_value", "body.n", "n must be 1"),
                "rid3"));

    assertThat(output.get("response").isNull()).isTrue();
    assertThat(output.at("/error/code").asText()).isEqualTo("invalid_value");
    assertThat(output.at("/error/message").asText()).isEqualTo("n must be 1");
  }

  @Test
  void writeOutputs_writesAnsweredLinesInOrder_andFailedAndSkippedOnesToTheErrorFile()
      throws IOException {
    InMemoryObjectStore store = new InMemoryObjectStore(clock, 16L << 20);
    BatchJob job = job(CHAT, "gpt-4o").withStatus(BatchStatus.CANCELLING, clock.instant());
    List<BatchRecord> records = new ArrayList<>();
    List<String> expectedOutput = new ArrayList<>();
    List<String> expectedErrors = new ArrayList<>();
    for (int i = 0; i < 1203; i++) {
      RecordState state =
          i % 10 == 3 ? RecordState.FAILED : i >= 1200 ? RecordState.SKIPPED : RecordState.SUCCEEDED;
      String output = "{\"line\":" + i + "}";
      records.add(
          new BatchRecord(
              job.id(), i, "c" + i, "{}", state,
              state == RecordState.SKIPPED ? Optional.empty() : Optional.of(output), 1, Usage.ZERO));
      switch (state) {
        case SUCCEEDED -> expectedOutput.add(output);
        case FAILED -> expectedErrors.add(output);
        default -> expectedErrors.add("skipped c" + i);
      }
    }
    AtomicInteger pagesRead = new AtomicInteger();
    BatchJob written =
        format.writeOutputs(
            job,
            (from, limit) -> {
              pagesRead.incrementAndGet();
              return records.subList(Math.min(from, records.size()), Math.min(from + limit, records.size()));
            },
            store);

    OpenAiFiles files = new OpenAiFiles(store, clock);
    StoredFile output = files.find("acme", written.outputFileId().orElseThrow()).orElseThrow();
    StoredFile errors = files.find("acme", written.errorFileId().orElseThrow()).orElseThrow();
    assertThat(output.purpose()).isEqualTo("batch_output");
    assertThat(output.filename()).isEqualTo("batch_test1_output.jsonl");
    assertThat(errors.filename()).isEqualTo("batch_test1_error.jsonl");
    assertThat(lines(files, output)).isEqualTo(expectedOutput);
    List<String> errorLines = lines(files, errors);
    assertThat(errorLines).hasSize(expectedErrors.size());
    for (int i = 0; i < errorLines.size(); i++) {
      if (expectedErrors.get(i).startsWith("skipped ")) {
        JsonNode skipped = json(errorLines.get(i));
        assertThat(skipped.get("custom_id").asText()).isEqualTo(expectedErrors.get(i).substring(8));
        assertThat(skipped.at("/error/code").asText()).isEqualTo("batch_cancelled");
        assertThat(skipped.get("response").isNull()).isTrue();
      } else {
        assertThat(errorLines.get(i)).isEqualTo(expectedErrors.get(i));
      }
    }
    assertThat(files.find("globex", output.id())).isEmpty();
    assertThat(pagesRead.get()).isGreaterThan(2);
  }

  @Test
  void writeOutputs_twice_replacesTheSameFiles_andWritesNoErrorFileWhenAllSucceeded()
      throws IOException {
    InMemoryObjectStore store = new InMemoryObjectStore(clock, 16L << 20);
    BatchJob job = job(CHAT, "gpt-4o");
    List<BatchRecord> records =
        List.of(
            new BatchRecord(job.id(), 0, "a", "{}", RecordState.SUCCEEDED, Optional.of("{\"a\":1}"), 1, Usage.ZERO));

    BatchJob first = format.writeOutputs(job, (from, limit) -> from == 0 ? records : List.of(), store);
    clock.advance(Duration.ofMinutes(1));
    BatchJob second = format.writeOutputs(job, (from, limit) -> from == 0 ? records : List.of(), store);

    assertThat(second.outputFileId()).isEqualTo(first.outputFileId()).isPresent();
    assertThat(second.errorFileId()).isEmpty();
    assertThat(store.list(OpenAiFiles.BUCKET, "", Optional.empty(), 10).objects()).hasSize(1);
  }

  @Test
  void writeOutputs_ofAnExpiredJob_marksSkippedRecordsExpired() throws IOException {
    InMemoryObjectStore store = new InMemoryObjectStore(clock, 16L << 20);
    BatchJob job = job(CHAT, "gpt-4o").withStatus(BatchStatus.EXPIRED, clock.instant());
    List<BatchRecord> records =
        List.of(new BatchRecord(job.id(), 0, "a", "{}", RecordState.SKIPPED, Optional.empty(), 0, Usage.ZERO));

    BatchJob written = format.writeOutputs(job, (from, limit) -> from == 0 ? records : List.of(), store);

    OpenAiFiles files = new OpenAiFiles(store, clock);
    List<String> errors = lines(files, files.find("acme", written.errorFileId().orElseThrow()).orElseThrow());
    assertThat(json(errors.get(0)).at("/error/code").asText()).isEqualTo("batch_expired");
    assertThat(lines(files, files.find("acme", written.outputFileId().orElseThrow()).orElseThrow()))
        .isEmpty();
  }

  private static List<String> lines(OpenAiFiles files, StoredFile file) throws IOException {
    try (InputStream content = files.open(file).orElseThrow()) {
      String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text.isEmpty() || text.endsWith("\n")).as("every line ends with a newline").isTrue();
      return text.lines().toList();
    }
  }

  private static JsonNode json(String line) throws IOException {
    assertThat(line).doesNotContain("\n");
    return ObjectMappers.jsonMapper().readTree(line);
  }

  private static BatchLineException catchLineError(Runnable read) {
    try {
      read.run();
    } catch (BatchLineException e) {
      return e;
    }
    throw new AssertionError("the line was read without error");
  }
}
