package dev.strata.server.bedrock.provisioned;

import dev.strata.core.error.StrataException;
import dev.strata.server.bedrock.BedrockErrors;
import dev.strata.server.http.ErrorRenderer;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Bedrock's error rendering, plus the control plane's own {@code TooManyTagsException} for a
 * failure carrying that code.
 */
final class ControlPlaneErrors implements ErrorRenderer {
  static final String TOO_MANY_TAGS = "TooManyTagsException";
  private static final CharSequence ERROR_TYPE = HttpHeaders.createOptimized("x-amzn-ErrorType");

  private final BedrockErrors bedrock = new BedrockErrors();

  @Override
  public void render(HttpServerResponse response, StrataException failure) {
    if (failure.code().filter(TOO_MANY_TAGS::equals).isEmpty()) {
      bedrock.render(response, failure);
      return;
    }
    response
        .setStatusCode(400)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .putHeader(ERROR_TYPE, TOO_MANY_TAGS)
        .end(
            Json.write(
                128,
                json -> {
                  json.writeStartObject();
                  json.writeStringField("message", failure.getMessage());
                  json.writeEndObject();
                }));
  }
}
