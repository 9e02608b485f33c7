package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

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

  @Override
  public String toString() {
    return "UpstreamResponse[" + status + ", " + body.length + " bytes]";
  }
}
