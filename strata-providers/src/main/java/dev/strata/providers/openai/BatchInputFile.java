package dev.strata.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.providers.openai.OpenAiProviderConfig.MaxTokensField;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the calls of a native batch as OpenAI's batch input file: one JSON request per line, whose
 * body is exactly the chat body an on-demand call would send. OpenAI's limits are checked first: at
 * most 50,000 requests and 200 MB, unique custom ids, one model per batch.
 */
final class BatchInputFile {
  /** OpenAI's limit of requests in one batch. */
  static final int MAX_CALLS = 50_000;

  /** OpenAI's limit of the size of a batch input file. */
  static final int MAX_BYTES = 200 * 1024 * 1024;

  /** The only endpoint Strata's batch calls go to. */
  static final String ENDPOINT = "/v1/chat/completions";

  private static final ObjectMapper MAPPER = JsonMappers.create();

  private BatchInputFile() {}

  /**
   * The input file's bytes.
   *
   * @throws StrataException {@code INVALID_REQUEST} when the calls break one of OpenAI's limits or
   *     a call cannot be written for an OpenAI-compatible upstream
   */
  static byte[] write(List<NativeBatchCall> calls, MaxTokensField maxTokensField) {
    if (calls.isEmpty()) {
      throw StrataException.invalid("an OpenAI batch needs at least one call");
    }
    if (calls.size() > MAX_CALLS) {
      throw StrataException.invalid(
          "an OpenAI batch holds at most " + MAX_CALLS + " calls, not " + calls.size());
    }
    String model = calls.get(0).call().upstreamModel();
    Set<String> customIds = new HashSet<>();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (NativeBatchCall call : calls) {
      if (call.customId().isBlank() || !customIds.add(call.customId())) {
        throw StrataException.invalid(
            "an OpenAI batch needs a unique, non-blank custom id per call; '"
                + call.customId()
                + "' is blank or repeated");
      }
      if (!call.call().upstreamModel().equals(model)) {
        throw StrataException.invalid(
            "an OpenAI batch runs one model; it holds calls to both '"
                + model
                + "' and '"
                + call.call().upstreamModel()
                + "'");
      }
      byte[] line = line(call, maxTokensField);
      if (file.size() + line.length + 1L > MAX_BYTES) {
        throw StrataException.invalid(
            "the OpenAI batch input file would be larger than " + MAX_BYTES + " bytes");
      }
      file.writeBytes(line);
      file.write('\n');
    }
    return file.toByteArray();
  }

  private static byte[] line(NativeBatchCall call, MaxTokensField maxTokensField) {
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("custom_id", call.customId()).put("method", "POST").put("url", ENDPOINT);
    try {
      line.set("body", ChatRequestJson.body(call.call(), false, maxTokensField));
      return MAPPER.writeValueAsBytes(line);
    } catch (StrataException e) {
      throw StrataException.builder(
              e.kind(), "call '" + call.customId() + "' of the batch: " + e.getMessage())
          .param(e.param().orElse(null))
          .code(e.code().orElse(null))
          .cause(e)
          .build();
    } catch (JsonProcessingException e) {
      throw StrataException.internal(
          "call '" + call.customId() + "' of the batch cannot be written", e);
    }
  }
}
