package dev.strata.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Google's error object, {@code {"error":{"code","message","status","details"}}}: its message, its
 * RPC status and the {@code RetryInfo} delay Google sends instead of a {@code Retry-After}.
 */
record GoogleErrorBody(String message, String status, Optional<Duration> retryDelay) {
  private static final ObjectMapper MAPPER = JsonMappers.create();

  static GoogleErrorBody parse(byte[] body) {
    JsonNode error;
    try {
      error = MAPPER.readTree(body).path("error");
    } catch (IOException | RuntimeException notJson) {
      error = null;
    }
    if (error == null || !error.isObject()) {
      return new GoogleErrorBody(new String(body, StandardCharsets.UTF_8), "", Optional.empty());
    }
    Optional<Duration> delay = Optional.empty();
    for (JsonNode detail : error.path("details")) {
      if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
        delay = duration(detail.path("retryDelay").asText(""));
      }
    }
    return new GoogleErrorBody(
        error.path("message").asText(""), error.path("status").asText(""), delay);
  }

  /** Whether Google refused the key (it answers 400 {@code INVALID_ARGUMENT} for that). */
  boolean isInvalidKey() {
    return message.contains("API key not valid") || message.contains("API_KEY_INVALID");
  }

  /** A protobuf JSON duration, e.g. {@code "12s"} or {@code "1.5s"}. */
  private static Optional<Duration> duration(String value) {
    if (!value.endsWith("s")) {
      return Optional.empty();
    }
    try {
      BigDecimal seconds = new BigDecimal(value.substring(0, value.length() - 1));
      if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValue()));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }
}
