package dev.strata.server.bedrock.provisioned;

import dev.strata.core.error.StrataException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The provisioned model a control-plane URL names. SDKs percent-encode the identifier (an ARN holds
 * ':' and '/'), so it is taken from the raw path and decoded here.
 */
final class PathIds {
  static final String PREFIX = "/provisioned-model-throughput/";

  private PathIds() {}

  /** The identifier (ARN, id or name) in a raw path {@code /provisioned-model-throughput/<id>}. */
  static String fromPath(String rawPath) {
    String segment = rawPath.substring(PREFIX.length());
    try {
      // A '+' in a path is itself, not a space as in a form.
      String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (decoded.isBlank()) {
        throw new IllegalArgumentException("empty");
      }
      return decoded;
    } catch (IllegalArgumentException e) {
      throw StrataException.invalid(
          "provisionedModelId",
          "The provisioned model id in the path is empty or malformed; send its ARN or name.");
    }
  }
}
