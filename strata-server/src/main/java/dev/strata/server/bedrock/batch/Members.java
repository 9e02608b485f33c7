package dev.strata.server.bedrock.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.StrataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed access to one JSON object of a control-plane request body; members are named by their
 * dotted path ({@code inputDataConfig.s3InputDataConfig.s3Uri}) in every error. JSON null is
 * absent, as AWS treats it.
 */
final class Members {
  private final JsonNode node;
  private final String path;

  private Members(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static Members root(JsonNode body) {
    if (!body.isObject()) {
      throw StrataException.invalid("The request body must be a JSON object.");
    }
    return new Members(body, "");
  }

  String path(String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  Optional<JsonNode> get(String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  Optional<String> string(String member) {
    return get(member)
        .map(
            value -> {
              if (!value.isTextual()) {
                throw wrongType(path(member), "a string", value);
              }
              return value.textValue();
            });
  }

  String requiredString(String member) {
    return string(member).orElseThrow(() -> Constraints.missing(path(member)));
  }

  OptionalInt integer(String member) {
    Optional<JsonNode> value = get(member);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    if (!value.get().isIntegralNumber() || !value.get().canConvertToInt()) {
      throw wrongType(path(member), "an integer", value.get());
    }
    return OptionalInt.of(value.get().intValue());
  }

  Optional<Members> object(String member) {
    return get(member)
        .map(
            value -> {
              if (!value.isObject()) {
                throw wrongType(path(member), "an object", value);
              }
              return new Members(value, path(member));
            });
  }

  /** This object as compact JSON text. */
  String json() {
    return node.toString();
  }

  Members requiredObject(String member) {
    return object(member).orElseThrow(() -> Constraints.missing(path(member)));
  }

  Optional<List<Members>> objects(String member) {
    return get(member)
        .map(
            value -> {
              if (!value.isArray()) {
                throw wrongType(path(member), "an array", value);
              }
              List<Members> items = new ArrayList<>(value.size());
              for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                String itemPath = path(member) + "." + (i + 1);
                if (!item.isObject()) {
                  throw wrongType(itemPath, "an object", item);
                }
                items.add(new Members(item, itemPath));
              }
              return items;
            });
  }

  private static StrataException wrongType(String path, String expected, JsonNode got) {
    return StrataException.invalid(
        path,
        "1 validation error detected: Value at '"
            + path
            + "' must be "
            + expected
            + ", not "
            + got.getNodeType().name().toLowerCase(Locale.ROOT)
            + ".");
  }
}
