package dev.strata.server.bedrock;

import dev.strata.core.error.StrataException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The model a Bedrock URL names. SDKs percent-encode the id (ARNs hold ':' and '/'), so the raw
 * path segment is decoded here; an ARN names its model by its last resource segment.
 */
final class ModelIds {
  private static final String PREFIX = "/model/";

  private ModelIds() {}

  /** The model named by a raw request path such as {@code /model/<id>/converse}. */
  static String fromPath(String rawPath) {
    if (!rawPath.startsWith(PREFIX)) {
      throw StrataException.invalid("modelId", "The request path does not name a model.");
    }
    int end = rawPath.lastIndexOf('/');
    if (end < PREFIX.length()) {
      throw StrataException.invalid("modelId", "The request path does not name a model.");
    }
    return modelName(percentDecoded(rawPath.substring(PREFIX.length(), end)));
  }

  /** The catalog name for a Bedrock model id or ARN. */
  static String modelName(String modelId) {
    if (modelId.isBlank()) {
      throw StrataException.invalid(
          "modelId",
          "Value at 'modelId' failed to satisfy constraint:"
              + " Member must have length greater than or equal to 1");
    }
    if (modelId.startsWith("arn:")) {
      int slash = modelId.lastIndexOf('/');
      if (slash < 0 || slash == modelId.length() - 1) {
        throw StrataException.invalid("modelId", "The model ARN '" + modelId + "' names no model.");
      }
      return modelId.substring(slash + 1);
    }
    return modelId;
  }

  static String percentDecoded(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()
            || Character.digit(segment.charAt(i + 1), 16) < 0
            || Character.digit(segment.charAt(i + 2), 16) < 0) {
          throw StrataException.invalid("modelId", "The model id has a malformed percent-escape.");
        }
        bytes.write(
            Character.digit(segment.charAt(i + 1), 16) * 16
                + Character.digit(segment.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw StrataException.invalid("modelId", "The model id is not valid UTF-8.");
    }
  }
}
