package dev.strata.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Typed access to one JSON object of a request. Every error names the field by its full path in
 * Anthropic's wording ({@code messages.2.content.0.source.data: Field required}). A JSON {@code
 * null} counts as absent.
 */
final class Fields {
  private final JsonNode node;
  private final String path;

  private Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The request body, which must be an object. */
  static Fields root(JsonNode body) {
    if (!body.isObject()) {
      throw invalid("The request body must be a JSON object, but got " + describe(body) + ".");
    }
    return new Fields(body, "");
  }

  /** {@code value}, found at {@code path}, as an object. */
  static Fields object(JsonNode value, String path) {
    if (!value.isObject()) {
      throw wrongType(path, "a valid dictionary", value);
    }
    return new Fields(value, path);
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  boolean has(String field) {
    return get(field) != null;
  }

  /** The value, or null when absent or JSON null. */
  JsonNode get(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** Fails on the first field not in {@code known}, as Anthropic does. */
  void rejectUnknown(Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw invalid(path(name) + ": Extra inputs are not permitted");
      }
    }
  }

  /** Fails when {@code field} is present: Anthropic accepts it, but Strata cannot carry it. */
  void refuse(String field, String why) {
    if (has(field)) {
      throw invalid(path(field) + ": not supported by Strata — " + why);
    }
  }

  JsonNode required(String field) {
    JsonNode value = get(field);
    if (value == null) {
      throw invalid(path(field) + ": Field required");
    }
    return value;
  }

  String requiredString(String field) {
    JsonNode value = required(field);
    if (!value.isTextual()) {
      throw wrongType(path(field), "a valid string", value);
    }
    return value.asText();
  }

  Optional<String> optionalString(String field) {
    return has(field) ? Optional.of(requiredString(field)) : Optional.empty();
  }

  int requiredInt(String field) {
    JsonNode value = required(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(path(field), "a valid integer", value);
    }
    return value.intValue();
  }

  OptionalDouble optionalNumber(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber()) {
      throw wrongType(path(field), "a valid number", value);
    }
    return OptionalDouble.of(value.doubleValue());
  }

  boolean optionalBoolean(String field, boolean absent) {
    JsonNode value = get(field);
    if (value == null) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw wrongType(path(field), "a valid boolean", value);
    }
    return value.booleanValue();
  }

  /** The elements of an array field, or an empty list when absent. */
  List<JsonNode> optionalArray(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return List.of();
    }
    return array(value, path(field));
  }

  Fields requiredObject(String field) {
    return object(required(field), path(field));
  }

  static List<JsonNode> array(JsonNode value, String path) {
    if (!value.isArray()) {
      throw wrongType(path, "a valid list", value);
    }
    List<JsonNode> elements = new ArrayList<>(value.size());
    value.forEach(elements::add);
    return elements;
  }

  static List<String> strings(JsonNode value, String path) {
    List<String> strings = new ArrayList<>();
    List<JsonNode> elements = array(value, path);
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      if (!element.isTextual()) {
        throw wrongType(path + "." + i, "a valid string", element);
      }
      strings.add(element.asText());
    }
    return strings;
  }

  static StrataException invalid(String message) {
    return StrataException.builder(ErrorKind.INVALID_REQUEST, message).build();
  }

  static StrataException wrongType(String path, String expected, JsonNode actual) {
    return invalid(path + ": Input should be " + expected + ", not " + describe(actual));
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY, POJO -> "a value of another type";
    };
  }
}
