package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request a {@link MockOpenAiUpstream} received.
 *
 * @param headers header names are case-insensitive keys
 * @param body the parsed JSON body; a missing node when the body is empty or not JSON
 */
public record RecordedRequest(
    String method, String path, Map<String, List<String>> headers, String rawBody, JsonNode body) {

  public RecordedRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(rawBody, "rawBody");
    requireNonNull(body, "body");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** The first value of the header {@code name}, matched case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
