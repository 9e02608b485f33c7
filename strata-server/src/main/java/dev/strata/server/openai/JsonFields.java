package dev.strata.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed access to the fields of one JSON object in a request. Every error names the field by its
 * full path ({@code messages[2].content[0].image_url.url}) in OpenAI's wording. A JSON {@code null}
 * counts as absent, as OpenAI treats it.
 */
public final class JsonFields {
  private final JsonNode node;
  private final String path;

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The request body, which must be an object. */
  public static JsonFields root(JsonNode body) {
    if (!body.isObject()) {
      throw StrataException.builder(
              ErrorKind.INVALID_REQUEST,
              "The request body must be a JSON object, but got " + describe(body) + ".")
          .code("invalid_type")
          .build();
    }
    return new JsonFields(body, "");
  }

  /** {@code value}, found at {@code path}, as an object. */
  public static JsonFields object(JsonNode value, String path) {
    if (!value.isObject()) {
      throw wrongType(path, "an object", value);
    }
    return new JsonFields(value, path);
  }

  String path() {
    return path;
  }

  /** The path of one of this object's fields. */
  public String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  boolean has(String field) {
    return get(field) != null;
  }

  /** The field's value, or null when absent or JSON null. */
  public JsonNode get(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** Fails on the first field not in {@code known}, as OpenAI does. */
  public void rejectUnknown(Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw StrataException.builder(
                ErrorKind.INVALID_REQUEST, "Unrecognized request argument supplied: " + path(name))
            .param(path(name))
            .code("unknown_parameter")
            .build();
      }
    }
  }

  public String requiredString(String field) {
    return string(field).orElseThrow(() -> missing(path(field)));
  }

  public Optional<String> string(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(path(field), "a string", value);
    }
    return Optional.of(value.textValue());
  }

  OptionalDouble number(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber()) {
      throw wrongType(path(field), "a number", value);
    }
    return OptionalDouble.of(value.doubleValue());
  }

  public OptionalLong integer(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return OptionalLong.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongType(path(field), "an integer", value);
    }
    return OptionalLong.of(value.longValue());
  }

  /** An integer that must fit an {@code int}. */
  OptionalLong smallInteger(String field) {
    OptionalLong value = integer(field);
    if (value.isPresent()
        && (value.getAsLong() > Integer.MAX_VALUE || value.getAsLong() < Integer.MIN_VALUE)) {
      throw invalidValue(path(field), "'" + path(field) + "' is out of range.");
    }
    return value;
  }

  Optional<Boolean> bool(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw wrongType(path(field), "a boolean", value);
    }
    return Optional.of(value.booleanValue());
  }

  ArrayNode requiredArray(String field) {
    return array(field).orElseThrow(() -> missing(path(field)));
  }

  Optional<ArrayNode> array(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      throw wrongType(path(field), "an array", value);
    }
    return Optional.of((ArrayNode) value);
  }

  JsonFields requiredObject(String field) {
    return object(field).orElseThrow(() -> missing(path(field)));
  }

  public Optional<JsonFields> object(String field) {
    JsonNode value = get(field);
    return value == null ? Optional.empty() : Optional.of(object(value, path(field)));
  }

  /** How many fields the object has. */
  public int size() {
    return node.size();
  }

  /** Every field of this object, for maps such as {@code metadata}. */
  public Iterable<java.util.Map.Entry<String, JsonNode>> entries() {
    return node.properties();
  }

  public static StrataException missing(String param) {
    return StrataException.builder(
            ErrorKind.INVALID_REQUEST, "Missing required parameter: '" + param + "'.")
        .param(param)
        .code("missing_required_parameter")
        .build();
  }

  public static StrataException wrongType(String param, String expected, JsonNode got) {
    return StrataException.builder(
            ErrorKind.INVALID_REQUEST,
            "Invalid type for '"
                + param
                + "': expected "
                + expected
                + ", but got "
                + describe(got)
                + " instead.")
        .param(param)
        .code("invalid_type")
        .build();
  }

  public static StrataException invalidValue(String param, String message) {
    return StrataException.builder(ErrorKind.INVALID_REQUEST, message)
        .param(param)
        .code("invalid_value")
        .build();
  }

  /** A parameter OpenAI knows but the canonical request cannot carry: refused, never dropped. */
  static StrataException unsupported(String param, String why) {
    return StrataException.builder(
            ErrorKind.INVALID_REQUEST, "Unsupported parameter: '" + param + "' " + why)
        .param(param)
        .code("unsupported_parameter")
        .build();
  }

  public static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }
}
