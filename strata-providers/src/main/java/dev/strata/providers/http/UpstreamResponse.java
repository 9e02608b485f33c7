package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A complete upstream response: status, headers and body bytes. */
public record UpstreamResponse(int status, ResponseHeaders headers, byte[] body) {
  public UpstreamResponse {
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body read as a JSON object with {@code mapper}.
   *
   * @throws dev.strata.core.error.StrataException malformed, naming {@code upstream}, when the
   *     body is not JSON or not an object
   */
  public JsonNode jsonObject(String upstream, ObjectMapper mapper) {
    try {
      JsonNode root = mapper.readTree(body);
      if (root == null || !root.isObject()) {
        throw UpstreamErrors.malformed(upstream, "an answer that is not a JSON object", null);
      }
      return root;
    } catch (IOException e) {
      throw UpstreamErrors.malformed(upstream, "an answer that is not JSON", e);
    }
  }

  @Override
  public String toString() {
    return "UpstreamResponse[" + status + ", " + body.length + " bytes]";
  }
}
