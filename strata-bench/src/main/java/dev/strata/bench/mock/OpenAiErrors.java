package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds OpenAI error bodies: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {

  private OpenAiErrors() {}

  static String body(int status, String message) {
    return body(message, typeFor(status), codeFor(status));
  }

  static String body(String message, String type, String code) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("error", error);
    return root.toString();
  }

  static String modelNotFound(String model) {
    return body(
        "The model `" + model + "` does not exist or you do not have access to it.",
        "invalid_request_error",
        "model_not_found");
  }

  static String invalidRequest(String message) {
    return body(message, "invalid_request_error", null);
  }

  private static String typeFor(int status) {
    return switch (status) {
      case 429 -> "requests";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 404 -> "model_not_found";
      case 429 -> "rate_limit_exceeded";
      default -> null;
    };
  }
}
