package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A dimension the cost explorer groups or filters by: a column of every record ({@link Field}) or
 * the value of one tag ({@link Tag}). Wire names are lower case, e.g. {@code served_model} or
 * {@code tag:env}.
 */
public sealed interface CostDimension permits CostDimension.Field, CostDimension.Tag {
  /** The name used in query parameters and reports. */
  String wireName();

  /** Whether this dimension is a time bucket (hour, day, month). */
  default boolean isTime() {
    return this == Field.HOUR || this == Field.DAY || this == Field.MONTH;
  }

  /**
   * The dimension called {@code wireName}, e.g. {@code model} or {@code tag:env}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static CostDimension parse(String wireName) {
    String name = wireName.strip();
    if (name.startsWith("tag:")) {
      return new Tag(name.substring("tag:".length()));
    }
    for (Field field : Field.values()) {
      if (field.wireName().equals(name.toLowerCase(Locale.ROOT))) {
        return field;
      }
    }
    throw new IllegalArgumentException("unknown cost dimension '" + name + "'");
  }

  /**
   * A column every record has. {@code MODEL} is the requested model; {@code CACHE} is {@code
   * hit-exact} or {@code hit-semantic} for response-cache hits, else the prompt-cache status
   * ({@code read}, {@code write}, {@code none}).
   */
  enum Field implements CostDimension {
    HOUR,
    DAY,
    MONTH,
    MODEL,
    SERVED_MODEL,
    PROVIDER,
    KEY,
    TENANT,
    TEAM,
    APP,
    TIER,
    CACHE,
    WIRE_FORMAT,
    OPERATION,
    STATUS;

    @Override
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The value of the tag {@code name}; records without the tag have the empty value. */
  record Tag(String name) implements CostDimension {
    public Tag {
      requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a tag dimension needs a tag name, e.g. tag:env");
      }
    }

    @Override
    public String wireName() {
      return "tag:" + name;
    }
  }
}
