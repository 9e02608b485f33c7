package dev.strata.server.openai.batch;

import dev.strata.server.openai.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A checked {@code POST /v1/batches} body: the input file, the endpoint every line calls, the
 * caller's metadata and how long output files live.
 */
record BatchCreate(
    String inputFileId,
    String endpoint,
    Map<String, String> metadata,
    Optional<Duration> outputExpiresAfter) {
  /** The endpoints Strata runs batches for. */
  static final List<String> ENDPOINTS = List.of("/v1/chat/completions", "/v1/embeddings");

  /** OpenAI's batch endpoints Strata does not run. */
  private static final Set<String> OTHER_OPENAI_ENDPOINTS =
      Set.of(
          "/v1/responses",
          "/v1/completions",
          "/v1/moderations",
          "/v1/images/generations",
          "/v1/images/edits",
          "/v1/videos");

  private static final Set<String> KNOWN =
      Set.of("input_file_id", "endpoint", "completion_window", "metadata", "output_expires_after");
  static final String COMPLETION_WINDOW = "24h";
  private static final int MAX_METADATA_PAIRS = 16;
  private static final int MAX_METADATA_KEY_CHARS = 64;
  private static final int MAX_METADATA_VALUE_CHARS = 512;
  private static final long MIN_EXPIRY_SECONDS = Duration.ofHours(1).toSeconds();
  private static final long MAX_EXPIRY_SECONDS = Duration.ofDays(30).toSeconds();

  BatchCreate {
    metadata = Map.copyOf(metadata);
  }

  static BatchCreate decode(JsonNode body) {
    JsonFields request = JsonFields.root(body);
    request.rejectUnknown(KNOWN);
    String inputFileId = request.requiredString("input_file_id");
    String endpoint = endpoint(request.requiredString("endpoint"));
    String window = request.requiredString("completion_window");
    if (!window.equals(COMPLETION_WINDOW)) {
      throw JsonFields.invalidValue(
          "completion_window",
          "Invalid value for 'completion_window': '" + window + "'. Supported values are: '24h'.");
    }
    return new BatchCreate(
        inputFileId, endpoint, metadata(request), outputExpiresAfter(request));
  }

  private static String endpoint(String endpoint) {
    if (ENDPOINTS.contains(endpoint)) {
      return endpoint;
    }
    if (OTHER_OPENAI_ENDPOINTS.contains(endpoint)) {
      throw StrataException.builder(
              ErrorKind.INVALID_REQUEST,
              "Unsupported parameter: 'endpoint' '" + endpoint + "' is not supported by Strata;"
                  + " supported values are: '/v1/chat/completions' and '/v1/embeddings'.")
          .param("endpoint")
          .code("unsupported_parameter")
          .build();
    }
    throw JsonFields.invalidValue(
        "endpoint",
        "Invalid value for 'endpoint': '" + endpoint + "'. Supported values are:"
            + " '/v1/chat/completions' and '/v1/embeddings'.");
  }

  private static Map<String, String> metadata(JsonFields request) {
    Optional<JsonFields> metadata = request.object("metadata");
    if (metadata.isEmpty()) {
      return Map.of();
    }
    if (metadata.get().size() > MAX_METADATA_PAIRS) {
      throw JsonFields.invalidValue(
          "metadata",
          "Invalid 'metadata': too many properties. Expected an object with at most "
              + MAX_METADATA_PAIRS + " properties, but got an object with "
              + metadata.get().size() + " properties instead.");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : metadata.get().entries()) {
      String key = entry.getKey();
      String param = metadata.get().path(key);
      if (key.length() > MAX_METADATA_KEY_CHARS) {
        throw JsonFields.invalidValue(
            "metadata",
            "Invalid 'metadata': key '" + key + "' is longer than " + MAX_METADATA_KEY_CHARS
                + " characters.");
      }
      JsonNode value = entry.getValue();
      if (!value.isTextual()) {
        throw JsonFields.wrongType(param, "a string", value);
      }
      if (value.textValue().length() > MAX_METADATA_VALUE_CHARS) {
        throw JsonFields.invalidValue(
            param,
            "Invalid '" + param + "': string too long. Expected a string with maximum length "
                + MAX_METADATA_VALUE_CHARS + ", but got a string with length "
                + value.textValue().length() + " instead.");
      }
      values.put(key, value.textValue());
    }
    return values;
  }

  private static Optional<Duration> outputExpiresAfter(JsonFields request) {
    Optional<JsonFields> expiry = request.object("output_expires_after");
    if (expiry.isEmpty()) {
      return Optional.empty();
    }
    JsonFields fields = expiry.get();
    fields.rejectUnknown(Set.of("anchor", "seconds"));
    String anchor = fields.requiredString("anchor");
    if (!anchor.equals("created_at")) {
      throw JsonFields.invalidValue(
          fields.path("anchor"), "Invalid value for '" + fields.path("anchor")
              + "': '" + anchor + "'. Supported values are: 'created_at'.");
    }
    OptionalLong seconds = fields.integer("seconds");
    if (seconds.isEmpty()) {
      throw JsonFields.missing(fields.path("seconds"));
    }
    if (seconds.getAsLong() < MIN_EXPIRY_SECONDS || seconds.getAsLong() > MAX_EXPIRY_SECONDS) {
      throw JsonFields.invalidValue(
          fields.path("seconds"),
          "'" + fields.path("seconds") + "' must be between " + MIN_EXPIRY_SECONDS + " and "
              + MAX_EXPIRY_SECONDS + ".");
    }
    return Optional.of(Duration.ofSeconds(seconds.getAsLong()));
  }
}
