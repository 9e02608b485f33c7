package dev.strata.server.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.StrataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Typed access to one JSON object of a Bedrock request; every error is a ValidationException naming
 * the member by its full path ({@code messages.1.content.0.text}). JSON null is absent.
 */
final class Fields {
  private final JsonNode node;
  private final String path;

  private Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static Fields root(JsonNode body) {
    return object(body, "body");
  }

  static Fields object(JsonNode value, String path) {
    if (!value.isObject()) {
      throw wrongType(path, "an object", value);
    }
    return new Fields(value, path);
  }

  String path(String field) {
    return path.equals("body") ? field : path + "." + field;
  }

  boolean has(String field) {
    return get(field) != null;
  }

  JsonNode get(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** The one member a union object holds, e.g. {@code text} of a content block. */
  String unionMember() {
    List<String> names = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!node.get(name).isNull()) {
                names.add(name);
              }
            });
    if (names.size() != 1) {
      throw StrataException.invalid(
          path,
          "The value at '"
              + path
              + "' must set exactly one member, but sets "
              + names.size()
              + ".");
    }
    return names.get(0);
  }

  String requiredString(String field) {
    return string(field).orElseThrow(() -> missing(path(field)));
  }

  Optional<String> string(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(path(field), "a string", value);
    }
    return Optional.of(value.textValue());
  }

  OptionalInt positiveInt(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return OptionalInt.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
      throw StrataException.invalid(
          path(field),
          "Value at '"
              + path(field)
              + "' failed to satisfy constraint: Member must be an integer greater than or equal to"
              + " 1");
    }
    return OptionalInt.of(value.intValue());
  }

  OptionalDouble unitNumber(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 1) {
      throw StrataException.invalid(
          path(field),
          "Value at '"
              + path(field)
              + "' failed to satisfy constraint: Member must be a number between 0 and 1");
    }
    return OptionalDouble.of(value.doubleValue());
  }

  boolean bool(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw wrongType(path(field), "a boolean", value);
    }
    return value.booleanValue();
  }

  List<JsonNode> requiredArray(String field) {
    return array(field).orElseThrow(() -> missing(path(field)));
  }

  Optional<List<JsonNode>> array(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      throw wrongType(path(field), "an array", value);
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.forEach(items::add);
    return Optional.of(items);
  }

  Fields requiredObject(String field) {
    return object(field).orElseThrow(() -> missing(path(field)));
  }

  Optional<Fields> object(String field) {
    JsonNode value = get(field);
    return value == null ? Optional.empty() : Optional.of(object(value, path(field)));
  }

  Iterable<java.util.Map.Entry<String, JsonNode>> entries() {
    return node.properties();
  }

  static StrataException missing(String path) {
    return StrataException.invalid(
        path, "Value at '" + path + "' failed to satisfy constraint: Member must not be null");
  }

  static StrataException wrongType(String path, String expected, JsonNode got) {
    return StrataException.invalid(
        path,
        "Value at '"
            + path
            + "' must be "
            + expected
            + ", but is "
            + got.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
            + ".");
  }
}
