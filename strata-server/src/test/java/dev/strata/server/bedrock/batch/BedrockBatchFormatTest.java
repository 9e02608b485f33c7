package dev.strata.server.bedrock.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.auth.Principal;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.RecordState;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Operation;
import dev.strata.core.testing.InMemoryObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BedrockBatchFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static final String ANTHROPIC_INPUT =
      "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
  private static final String CONVERSE_INPUT =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Say hi\"}]}],"
          + "\"inferenceConfig\":{\"maxTokens\":32}}";

  private final BedrockBatchFormat format = new BedrockBatchFormat();

  @Test
  void read_anthropicRecord_isAChatForTheJobsModelThatEchoesItsInput() throws IOException {
    BatchLine line =
        format.read(
            job("InvokeModel"),
            0,
            "{\"recordId\":\"CALL0000001\",\"modelInput\":" + ANTHROPIC_INPUT + "}");

    assertThat(line.customId()).isEqualTo("CALL0000001");
    ChatRequest request = chat(line);
    assertThat(request.model()).isEqualTo(MODEL);
    assertThat(request.messages()).containsExactly(Message.user("Say hi"));
    assertThat(request.inference().maxTokens()).hasValue(64);
    assertThat(JSON.readTree(line.echo().orElseThrow())).isEqualTo(JSON.readTree(ANTHROPIC_INPUT));
  }

  @Test
  void read_converseRecord_isDecodedAsConverse() {
    BatchLine line =
        format.read(
            job("InvokeModel"), 0, "{\"recordId\":\"r1\",\"modelInput\":" + CONVERSE_INPUT + "}");

    ChatRequest request = chat(line);
    assertThat(request.messages()).containsExactly(Message.user("Say hi"));
    assertThat(request.inference().maxTokens()).hasValue(32);
  }

  @Test
  void read_withoutRecordId_generatesElevenDigitsFromThePosition() {
    BatchLine line =
        format.read(job("InvokeModel"), 41, "{\"modelInput\":" + ANTHROPIC_INPUT + "}");

    assertThat(line.customId()).isEqualTo("00000000042");
  }

  @Test
  void read_inAConverseJob_decodesEvenAnAnthropicShapedBodyAsConverse() {
    // Converse has no string content: the Anthropic body only fails if it is read as Converse.
    assertThatThrownBy(
            () -> format.read(job("Converse"), 0, "{\"modelInput\":" + ANTHROPIC_INPUT + "}"))
        .isInstanceOfSatisfying(
            BatchLineException.class,
            e -> assertThat(e.param()).startsWith("modelInput.messages.0.content"));
    assertThat(
            chat(format.read(job("Converse"), 0, "{\"modelInput\":" + CONVERSE_INPUT + "}"))
                .messages())
        .hasSize(1);
  }

  @Test
  void read_invalidLines_nameTheFieldAtFault() {
    assertLineError("{\"recordId\":", "invalid_json", "");
    assertLineError("[1,2]", "invalid_json", "");
    assertLineError("{\"recordId\":\"a\"}", "missing_field", "modelInput");
    assertLineError("{\"modelInput\":\"hi\"}", "invalid_value", "modelInput");
    assertLineError(
        "{\"recordId\":7,\"modelInput\":" + ANTHROPIC_INPUT + "}", "invalid_value", "recordId");
    assertLineError(
        "{\"recordId\":\" \",\"modelInput\":" + ANTHROPIC_INPUT + "}", "invalid_value", "recordId");
    assertLineError(
        "{\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\",\"messages\":[]}}",
        "invalid_value",
        "modelInput.max_tokens");
    assertLineError(
        "{\"modelInput\":{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}}",
        "invalid_value",
        "modelInput.messages.0.role");
  }

  @Test
  void read_errorBecomesAJobErrorNamingLineAndField() {
    BatchLineException error = catchLineError("{\"recordId\":\"a\"}");

    assertThat(error.atLine(7).line()).hasValue(7);
    assertThat(error.atLine(7).param()).isEqualTo("modelInput");
    assertThat(error.atLine(7).message()).startsWith("Line 7: ");
  }

  @Test
  void success_ofAnAnthropicRecord_isTheInvokeModelResponseNextToTheInput() throws IOException {
    BatchJob job = job("InvokeModel");
    BatchLine line =
        format.read(job, 0, "{\"recordId\":\"r1\",\"modelInput\":" + ANTHROPIC_INPUT + "}");

    JsonNode out = JSON.readTree(format.success(job, line, answer("Hi there", 12, 5), "req-1"));

    assertThat(out.get("recordId").asText()).isEqualTo("r1");
    assertThat(out.get("modelInput")).isEqualTo(JSON.readTree(ANTHROPIC_INPUT));
    JsonNode output = out.get("modelOutput");
    assertThat(output.get("type").asText()).isEqualTo("message");
    assertThat(output.get("role").asText()).isEqualTo("assistant");
    assertThat(output.get("model").asText()).isEqualTo(MODEL);
    assertThat(output.get("content").get(0).get("text").asText()).isEqualTo("Hi there");
    assertThat(output.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(output.get("usage").get("input_tokens").asLong()).isEqualTo(12);
    assertThat(output.get("usage").get("output_tokens").asLong()).isEqualTo(5);
    assertThat(out.has("error")).isFalse();
  }

  @Test
  void success_ofAConverseRecord_isAConverseResponse() throws IOException {
    BatchJob job = job("InvokeModel");
    BatchLine line =
        format.read(job, 0, "{\"recordId\":\"r1\",\"modelInput\":" + CONVERSE_INPUT + "}");

    JsonNode out = JSON.readTree(format.success(job, line, answer("Hi there", 3, 2), "req-1"));

    JsonNode output = out.get("modelOutput");
    assertThat(output.at("/output/message/content/0/text").asText()).isEqualTo("Hi there");
    assertThat(output.get("stopReason").asText()).isEqualTo("end_turn");
    assertThat(output.at("/usage/inputTokens").asLong()).isEqualTo(3);
    assertThat(output.at("/usage/totalTokens").asLong()).isEqualTo(5);
  }

  @Test
  void success_isOneLineOfJson() {
    BatchJob job = job("InvokeModel");
    BatchLine line = format.read(job, 0, "{\"modelInput\":" + ANTHROPIC_INPUT + "}");

    assertThat(format.success(job, line, answer("two\nlines", 1, 1), "req")).doesNotContain("\n");
  }

  @Test
  void failure_carriesTheStatusBedrockWouldAnswer() throws IOException {
    BatchJob job = job("InvokeModel");
    BatchLine line =
        format.read(job, 0, "{\"recordId\":\"r9\",\"modelInput\":" + ANTHROPIC_INPUT + "}");

    JsonNode throttled =
        JSON.readTree(
            format.failure(
                job,
                line,
                StrataException.builder(ErrorKind.RATE_LIMITED, "Too many requests").build(),
                "q"));
    JsonNode invalid =
        JSON.readTree(
            format.failure(job, line, StrataException.invalid("max_tokens", "too large"), "q"));

    assertThat(throttled.get("recordId").asText()).isEqualTo("r9");
    assertThat(throttled.get("modelInput")).isEqualTo(JSON.readTree(ANTHROPIC_INPUT));
    assertThat(throttled.at("/error/errorCode").asInt()).isEqualTo(429);
    assertThat(throttled.at("/error/errorMessage").asText()).isEqualTo("Too many requests");
    assertThat(throttled.has("modelOutput")).isFalse();
    assertThat(invalid.at("/error/errorCode").asInt()).isEqualTo(400);
  }

  @Test
  void failure_ofADefect_hidesItsDetails() throws IOException {
    BatchJob job = job("InvokeModel");
    BatchLine line = format.read(job, 0, "{\"modelInput\":" + ANTHROPIC_INPUT + "}");

    JsonNode out =
        JSON.readTree(
            format.failure(
                job,
                line,
                StrataException.internal("NullPointerException at Foo.java:12", null),
                "q"));

    assertThat(out.at("/error/errorCode").asInt()).isEqualTo(500);
    assertThat(out.at("/error/errorMessage").asText()).doesNotContain("Foo.java");
  }

  @Test
  void unreadable_isAClientErrorForTheRecord() throws IOException {
    JsonNode out =
        JSON.readTree(
            format.unreadable(
                job("InvokeModel"),
                "r3",
                new BatchLineException(
                    "invalid_value", "modelInput", "modelInput must be an object"),
                "q"));

    assertThat(out.get("recordId").asText()).isEqualTo("r3");
    assertThat(out.at("/error/errorCode").asInt()).isEqualTo(400);
    assertThat(out.at("/error/errorMessage").asText()).contains("modelInput must be an object");
  }

  @Test
  void writeOutputs_writesEveryDoneRecordInOrderAndAManifestOfCounts() throws IOException {
    BatchJob job = job("InvokeModel");
    List<BatchRecord> records = new ArrayList<>();
    int total = OutputFiles.PAGE_SIZE * 2 + 37; // more than one page
    for (int i = 0; i < total; i++) {
      RecordState state =
          i % 10 == 3
              ? RecordState.FAILED
              : i >= total - 5 ? RecordState.SKIPPED : RecordState.SUCCEEDED;
      Optional<String> output =
          state == RecordState.SKIPPED
              ? Optional.empty()
              : Optional.of("{\"recordId\":\"" + i + "\"}");
      Usage usage = state == RecordState.SUCCEEDED ? Usage.of(10, 2) : Usage.ZERO;
      records.add(new BatchRecord(job.id(), i, Integer.toString(i), "{}", state, output, 1, usage));
    }
    InMemoryObjectStore store = new InMemoryObjectStore();

    BatchJob written =
        format.writeOutputs(
            job,
            (from, limit) ->
                records.subList(
                    Math.min(from, records.size()), Math.min(from + limit, records.size())),
            store);

    ObjectRef outputs = ObjectRef.parse("s3://out-bucket/results/" + job.id() + "/input.jsonl.out");
    List<String> lines = text(store, outputs).lines().toList();
    List<String> expected = records.stream().flatMap(record -> record.output().stream()).toList();
    assertThat(lines).containsExactlyElementsOf(expected);
    long failed = records.stream().filter(r -> r.state() == RecordState.FAILED).count();
    long succeeded = records.stream().filter(r -> r.state() == RecordState.SUCCEEDED).count();
    JsonNode manifest =
        JSON.readTree(
            text(
                store,
                ObjectRef.parse("s3://out-bucket/results/" + job.id() + "/manifest.json.out")));
    assertThat(manifest.get("totalRecordCount").asLong()).isEqualTo(total);
    assertThat(manifest.get("processedRecordCount").asLong()).isEqualTo(succeeded + failed);
    assertThat(manifest.get("successRecordCount").asLong()).isEqualTo(succeeded);
    assertThat(manifest.get("errorRecordCount").asLong()).isEqualTo(failed);
    assertThat(manifest.get("inputTokenCount").asLong()).isEqualTo(succeeded * 10);
    assertThat(manifest.get("outputTokenCount").asLong()).isEqualTo(succeeded * 2);
    assertThat(written.outputFileId()).hasValue(outputs.uri());
  }

  @Test
  void writeOutputs_underAPrefixWithoutSlash_stillNestsUnderTheJobId() {
    BatchJob job = job("InvokeModel").withOutput(ObjectRef.parsePrefix("s3://out-bucket/results"));
    InMemoryObjectStore store = new InMemoryObjectStore();

    format.writeOutputs(job, (from, limit) -> List.of(), store);

    assertThat(
            store.head(ObjectRef.parse("s3://out-bucket/results/" + job.id() + "/input.jsonl.out")))
        .isPresent();
    assertThat(
            store.head(
                ObjectRef.parse("s3://out-bucket/results/" + job.id() + "/manifest.json.out")))
        .isPresent();
  }

  private void assertLineError(String line, String code, String param) {
    BatchLineException error = catchLineError(line);
    assertThat(error.code()).as(line).isEqualTo(code);
    assertThat(error.param()).as(line).isEqualTo(param);
  }

  private BatchLineException catchLineError(String line) {
    try {
      format.read(job("InvokeModel"), 0, line);
    } catch (BatchLineException e) {
      return e;
    }
    throw new AssertionError("expected '" + line + "' to be refused");
  }

  private static ChatRequest chat(BatchLine line) {
    return switch (line.operation()) {
      case Operation.Chat chat -> chat.request();
      case Operation.Embed embed -> throw new AssertionError("not a chat: " + embed);
    };
  }

  private static Answer answer(String text, long input, long output) {
    return new Answer.Chat(
        new ChatResponse(
            new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text))),
            StopReason.END_TURN,
            Optional.of(Usage.of(input, output))));
  }

  private static BatchJob job(String invocationType) {
    Instant now = Instant.parse("2026-01-05T10:00:00Z");
    return BatchJob.submitted(
        "abcdefghij12",
        BatchApi.BEDROCK,
        "nightly",
        new Principal("key_1", "acme", "", "", Map.of()),
        MODEL,
        "invoke",
        ObjectRef.parse("s3://in-bucket/data/input.jsonl"),
        ObjectRef.parsePrefix("s3://out-bucket/results/"),
        now,
        now.plus(Duration.ofHours(24)),
        Map.of(),
        Map.of(JobDetails.INVOCATION_TYPE, invocationType),
        Optional.empty());
  }

  private static String text(InMemoryObjectStore store, ObjectRef ref) {
    try (InputStream in =
        store.open(ref).orElseThrow(() -> new AssertionError("no object " + ref))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
