package dev.strata.server.anthropic;

import io.vertx.core.http.HttpHeaders;

/** Header names and the id formats of Anthropic's API. */
final class AnthropicHeaders {
  static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("request-id");
  static final CharSequence API_KEY = HttpHeaders.createOptimized("x-api-key");

  private AnthropicHeaders() {}

  /** Anthropic's {@code req_…} form of a Strata request id. */
  static String requestId(String strataRequestId) {
    return "req_" + strataRequestId;
  }

  /** Anthropic's {@code msg_…} form of a Strata request id. */
  static String messageId(String strataRequestId) {
    return "msg_" + strataRequestId;
  }
}
