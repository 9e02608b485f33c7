package dev.strata.server.bedrock;

import dev.strata.core.path.Metering;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Names of the headers Bedrock responses carry, and the Strata cost headers. */
final class BedrockHeaders {
  static final CharSequence CONTENT_TYPE_ECHO =
      HttpHeaders.createOptimized("X-Amzn-Bedrock-Content-Type");
  static final CharSequence INPUT_TOKENS =
      HttpHeaders.createOptimized("X-Amzn-Bedrock-Input-Token-Count");
  static final CharSequence OUTPUT_TOKENS =
      HttpHeaders.createOptimized("X-Amzn-Bedrock-Output-Token-Count");
  static final CharSequence LATENCY =
      HttpHeaders.createOptimized("X-Amzn-Bedrock-Invocation-Latency");

  private BedrockHeaders() {}

  static void putCost(HttpServerResponse response, Metering metering) {
    response.putHeader(StrataHeaders.COST_USD, metering.cost().total().toUsdString());
    response.putHeader(StrataHeaders.USAGE_SOURCE, metering.source().wireName());
  }
}
