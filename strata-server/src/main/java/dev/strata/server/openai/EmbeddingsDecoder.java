package dev.strata.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.EmbeddingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Decodes an OpenAI embeddings request: text input only, optional dimensions and encoding. */
final class EmbeddingsDecoder {
  private static final Set<String> KNOWN =
      Set.of("model", "input", "dimensions", "encoding_format", "user");

  /** A decoded request and whether vectors go back as base64. */
  record DecodedEmbeddings(EmbeddingRequest request, boolean base64) {}

  DecodedEmbeddings decode(JsonNode body) {
    JsonFields request = JsonFields.root(body);
    request.rejectUnknown(KNOWN);
    if (request.has("user")) {
      throw JsonFields.unsupported("user", "is not supported for embeddings; leave it out.");
    }
    String model = request.requiredString("model");
    JsonNode input = request.get("input");
    if (input == null) {
      throw JsonFields.missing("input");
    }
    OptionalLong dimensions = request.smallInteger("dimensions");
    String encoding = request.string("encoding_format").orElse("float");
    if (!encoding.equals("float") && !encoding.equals("base64")) {
      throw JsonFields.invalidValue(
          "encoding_format",
          "Invalid value: '" + encoding + "'. Supported values are: 'float' and 'base64'.");
    }
    return new DecodedEmbeddings(
        new EmbeddingRequest(
            model,
            inputs(input),
            dimensions.isPresent()
                ? OptionalInt.of((int) dimensions.getAsLong())
                : OptionalInt.empty()),
        encoding.equals("base64"));
  }

  private static List<String> inputs(JsonNode input) {
    if (input.isTextual()) {
      return List.of(input.textValue());
    }
    if (!input.isArray()) {
      throw JsonFields.wrongType("input", "a string or an array of strings", input);
    }
    List<String> texts = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      if (item.isTextual()) {
        texts.add(item.textValue());
      } else if (item.isIntegralNumber() || item.isArray()) {
        throw tokenArrays();
      } else {
        throw JsonFields.wrongType("input[" + i + "]", "a string", item);
      }
    }
    return texts;
  }

  private static StrataException tokenArrays() {
    return JsonFields.unsupported(
        "input", "token-array input is not supported; send the text as strings.");
  }
}
