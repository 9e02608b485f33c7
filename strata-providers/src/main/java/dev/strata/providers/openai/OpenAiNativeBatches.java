package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.core.provider.NativeBatchPoll;
import dev.strata.core.provider.NativeBatchPoll.NativeBatchResult;
import dev.strata.core.provider.NativeBatches;
import dev.strata.providers.http.JsonCalls;
import dev.strata.providers.http.JsonLinesDownload;
import dev.strata.providers.http.UpstreamErrors;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * OpenAI's Batch API as {@link NativeBatches}: the calls are uploaded as a JSONL file ({@code POST
 * /files}, purpose {@code batch}), a batch over it is created ({@code POST /batches}, window 24
 * hours), and polling reads the batch and, once it has ended, its output and error files. A batch
 * creation whose answer was lost is not sent again: it may have created a batch that would be paid
 * for twice.
 */
final class OpenAiNativeBatches implements NativeBatches {
  /** A result line (one chat completion) larger than this is not a chat completion. */
  static final int MAX_RESULT_LINE_BYTES = 32 * 1024 * 1024;

  /** Ids go into request paths, so they may hold only what OpenAI's ids hold. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  private final OpenAiProviderConfig config;
  private final JsonCalls calls;

  OpenAiNativeBatches(OpenAiProviderConfig config, JsonCalls calls) {
    this.config = requireNonNull(config, "config");
    this.calls = requireNonNull(calls, "calls");
  }

  @Override
  public String submit(List<NativeBatchCall> batch) {
    requireNonNull(batch, "batch");
    byte[] input = BatchInputFile.write(batch, config.maxTokensField());
    MultipartUpload form = MultipartUpload.of("batch", "strata-batch.jsonl", input);
    JsonNode file =
        offered(() -> calls.post(uri("files"), form.body(), form.contentType(), "the Files API"));
    String fileId = upstreamId(file.path("id").asText(""), "the uploaded file's id");
    JsonNode request =
        JsonNodeFactory.instance
            .objectNode()
            .put("input_file_id", fileId)
            .put("endpoint", BatchInputFile.ENDPOINT)
            .put("completion_window", "24h");
    JsonNode created;
    try {
      created = offered(() -> calls.postOnce(uri("batches"), request, "the Batches API"));
    } catch (StrataException failure) {
      // The input file is deleted only when no batch can have been made from it.
      if (!failure.code().equals(Optional.of(JsonCalls.OUTCOME_UNKNOWN))) {
        calls.deleteQuietly(uri("files/" + fileId));
      }
      throw failure;
    }
    return upstreamId(BatchObject.parse(name(), created).id(), "the new batch's id");
  }

  @Override
  public NativeBatchPoll poll(String upstreamBatchId) {
    BatchObject batch = retrieve(batchId(upstreamBatchId));
    if (batch.isRunning()) {
      return new NativeBatchPoll.Running(batch.done(), batch.total());
    }
    if (batch.hasResults()) {
      Map<String, NativeBatchResult> results = new LinkedHashMap<>();
      batch.outputFileId().ifPresent(id -> results(id).forEach(results::putIfAbsent));
      batch.errorFileId().ifPresent(id -> results(id).forEach(results::putIfAbsent));
      return new NativeBatchPoll.Ended(new ArrayList<>(results.values()));
    }
    if (batch.status().equals("failed")) {
      return new NativeBatchPoll.Failed(batch.failureReason());
    }
    throw UpstreamErrors.malformed(
        name(),
        "a batch with the status '" + batch.status() + "', which Strata does not know",
        null);
  }

  @Override
  public void cancel(String upstreamBatchId) {
    String id = batchId(upstreamBatchId);
    try {
      calls.post(uri("batches/" + id + "/cancel"), new byte[0], null, "batch '" + id + "'");
    } catch (StrataException refused) {
      // A batch that ended meanwhile cannot be cancelled, and need not be.
      if (refused.kind() == ErrorKind.NOT_FOUND || retrieve(id).isRunning()) {
        throw refused;
      }
    }
  }

  @Override
  public String toString() {
    return "OpenAiNativeBatches[" + name() + ", " + config.baseUrl() + "]";
  }

  private BatchObject retrieve(String id) {
    return BatchObject.parse(name(), calls.get(uri("batches/" + id), "batch '" + id + "'"));
  }

  /** The results in a result file, by custom id, the first of a repeated id kept. */
  private Map<String, NativeBatchResult> results(String fileId) {
    String id = upstreamId(fileId, "a result file's id");
    return calls.readLines(
        uri("files/" + id + "/content"),
        "file '" + id + "'",
        new JsonLinesDownload(name(), BatchInputFile.MAX_CALLS, MAX_RESULT_LINE_BYTES),
        LinkedHashMap::new,
        (read, line) ->
            BatchResultLine.parse(name(), line)
                .ifPresent(result -> read.putIfAbsent(result.customId(), result)));
  }

  /** Runs a call of the Files or Batches API, whose 404 means the upstream does not offer it. */
  private JsonNode offered(Supplier<JsonNode> call) {
    try {
      return call.get();
    } catch (StrataException failure) {
      if (failure.kind() != ErrorKind.NOT_FOUND) {
        throw failure;
      }
      throw StrataException.builder(
              ErrorKind.UPSTREAM_ERROR,
              "upstream '"
                  + name()
                  + "' does not offer OpenAI's Batch API (HTTP 404); set nativeBatch to false"
                  + " for this provider so that its batch jobs run on demand")
          .code("native_batch_unsupported")
          .cause(failure)
          .build();
    }
  }

  private URI uri(String path) {
    return OpenAiProvider.endpoint(config.baseUrl(), path);
  }

  private static String batchId(String id) {
    requireNonNull(id, "upstreamBatchId");
    if (!ID.matcher(id).matches()) {
      throw StrataException.invalid("upstreamBatchId", "'" + id + "' is not an OpenAI batch id");
    }
    return id;
  }

  private String upstreamId(String id, String what) {
    if (!ID.matcher(id).matches()) {
      String shown = id.length() <= 100 ? id : id.substring(0, 100) + "…";
      throw UpstreamErrors.malformed(name(), what + " '" + shown + "', which is not an id", null);
    }
    return id;
  }

  private String name() {
    return config.name();
  }
}
