package dev.strata.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Reads the fields of an admin request body, each with a clear error naming the field. */
final class AdminBody {
  private final JsonNode body;

  private AdminBody(JsonNode body) {
    this.body = body;
  }

  /** A JSON object whose fields are all among {@code allowed}. */
  static AdminBody of(JsonNode body, Set<String> allowed) {
    if (!body.isObject()) {
      throw StrataException.invalid("The request body must be a JSON object.");
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (!allowed.contains(field.getKey())) {
        throw StrataException.invalid(
            field.getKey(), "Unrecognized request argument supplied: " + field.getKey());
      }
    }
    return new AdminBody(body);
  }

  boolean has(String field) {
    JsonNode value = body.get(field);
    return value != null && !value.isNull();
  }

  Optional<String> text(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = body.get(field);
    if (!value.isTextual()) {
      throw StrataException.invalid(field, "'" + field + "' must be a string.");
    }
    return Optional.of(value.textValue());
  }

  String requiredText(String field) {
    return text(field)
        .orElseThrow(
            () -> StrataException.invalid(field, "Missing required parameter: '" + field + "'."));
  }

  /** A dollar amount, as a decimal string or a JSON number, to the pico-dollar. */
  Optional<Money> usd(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = body.get(field);
    if (!value.isTextual() && !value.isNumber()) {
      throw StrataException.invalid(field, "'" + field + "' must be a decimal amount of USD.");
    }
    try {
      return Optional.of(Money.ofUsd(new BigDecimal(value.asText().strip())));
    } catch (IllegalArgumentException e) {
      throw StrataException.invalid(
          field, "'" + field + "' must be a decimal amount of USD; got '" + value.asText() + "'.");
    }
  }

  OptionalLong positiveLong(String field) {
    if (!has(field)) {
      return OptionalLong.empty();
    }
    JsonNode value = body.get(field);
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 1) {
      throw StrataException.invalid(field, "'" + field + "' must be a positive whole number.");
    }
    return OptionalLong.of(value.longValue());
  }

  Optional<List<Integer>> percents(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = body.get(field);
    if (!value.isArray()) {
      throw StrataException.invalid(field, "'" + field + "' must be an array of percentages.");
    }
    List<Integer> percents = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isIntegralNumber() || !item.canConvertToInt()) {
        throw StrataException.invalid(field, "'" + field + "' must hold whole percentages.");
      }
      percents.add(item.intValue());
    }
    return Optional.of(percents);
  }
}
