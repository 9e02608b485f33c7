package dev.strata.bench.mock.gemini;

import java.util.Optional;

/** A model request's route: {@code POST /v1beta/models/{model}:generateContent} or its stream. */
record ModelMethod(String model, boolean stream) {
  private static final String PREFIX = "/v1beta/models/";

  static Optional<ModelMethod> of(String method, String path) {
    if (!method.equals("POST") || !path.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = path.substring(PREFIX.length());
    int colon = rest.lastIndexOf(':');
    if (colon < 1) {
      return Optional.empty();
    }
    String model = rest.substring(0, colon);
    return switch (rest.substring(colon + 1)) {
      case "generateContent" -> Optional.of(new ModelMethod(model, false));
      case "streamGenerateContent" -> Optional.of(new ModelMethod(model, true));
      default -> Optional.empty();
    };
  }
}
