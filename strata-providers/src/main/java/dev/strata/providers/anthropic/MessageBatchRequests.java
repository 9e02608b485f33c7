package dev.strata.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.provider.NativeBatchCall;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the body that creates a message batch, {@code {"requests":[{custom_id, params}]}}, whose
 * params are exactly the Messages body an on-demand call would send. Anthropic's limits are checked
 * first: at most 100,000 requests and 256 MB, custom ids of 1 to 64 letters, digits, {@code _} or
 * {@code -}, each used once.
 */
final class MessageBatchRequests {
  /** Anthropic's limit of requests in one batch. */
  static final int MAX_REQUESTS = 100_000;

  /** Anthropic's limit of the size of a batch. */
  static final int MAX_BYTES = 256 * 1024 * 1024;

  private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private MessageBatchRequests() {}

  /**
   * The body's bytes.
   *
   * @throws StrataException {@code INVALID_REQUEST} when the calls break one of Anthropic's limits
   *     or a call cannot be written for Anthropic
   */
  static byte[] write(List<NativeBatchCall> calls, int defaultMaxTokens) {
    if (calls.isEmpty()) {
      throw StrataException.invalid("a message batch needs at least one call");
    }
    if (calls.size() > MAX_REQUESTS) {
      throw StrataException.invalid(
          "a message batch holds at most " + MAX_REQUESTS + " calls, not " + calls.size());
    }
    Set<String> customIds = new HashSet<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"requests\":[".getBytes(StandardCharsets.UTF_8));
    for (NativeBatchCall call : calls) {
      if (!CUSTOM_ID.matcher(call.customId()).matches() || !customIds.add(call.customId())) {
        throw StrataException.invalid(
            "a message batch needs a unique custom id of 1 to 64 letters, digits, '_' or '-' per"
                + " call; '"
                + call.customId()
                + "' is not one or is repeated");
      }
      byte[] request = request(call, defaultMaxTokens);
      if (body.size() + request.length + 3L > MAX_BYTES) {
        throw StrataException.invalid(
            "the message batch would be larger than " + MAX_BYTES + " bytes");
      }
      if (customIds.size() > 1) {
        body.write(',');
      }
      body.writeBytes(request);
    }
    body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private static byte[] request(NativeBatchCall call, int defaultMaxTokens) {
    ObjectNode request = JsonNodeFactory.instance.objectNode().put("custom_id", call.customId());
    try {
      request.set("params", MessagesRequestJson.body(call.call(), false, defaultMaxTokens));
      return MAPPER.writeValueAsBytes(request);
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
