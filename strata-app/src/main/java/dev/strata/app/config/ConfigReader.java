package dev.strata.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.money.Money;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads from a {@link ConfigTree}; every failure names where the value came from and its key. */
final class ConfigReader {
  private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h|d)$");

  private final ConfigTree tree;

  ConfigReader(ConfigTree tree) {
    this.tree = tree;
  }

  ConfigException error(String path, String problem) {
    return new ConfigException(tree.origin(path) + ": " + path + " " + problem);
  }

  private JsonNode node(String path) {
    JsonNode node = tree.root();
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull() || (node.isTextual() && node.asText().isEmpty());
  }

  String string(String path) {
    return optionalString(path).orElseThrow(() -> error(path, "is required"));
  }

  Optional<String> optionalString(String path) {
    JsonNode node = node(path);
    if (absent(node)) {
      return Optional.empty();
    }
    if (!node.isValueNode()) {
      throw error(path, "must be a single value");
    }
    return Optional.of(node.asText());
  }

  String string(JsonNode parent, String at, String field) {
    JsonNode node = parent.path(field);
    if (absent(node) || !node.isValueNode()) {
      throw error(at + "." + field, "is required");
    }
    return node.asText();
  }

  Optional<String> optionalString(JsonNode parent, String field) {
    JsonNode node = parent.path(field);
    return absent(node) ? Optional.empty() : Optional.of(node.asText());
  }

  int integer(String path, int min, int max) {
    return optionalInteger(path, min, max).orElseThrow(() -> error(path, "is required"));
  }

  Optional<Integer> optionalInteger(String path, int min, int max) {
    return optionalLong(path, min, max).map(Math::toIntExact);
  }

  long longValue(String path, long min, long max) {
    return optionalLong(path, min, max).orElseThrow(() -> error(path, "is required"));
  }

  private Optional<Long> optionalLong(String path, long min, long max) {
    Optional<String> text = optionalString(path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    long value;
    try {
      value = Long.parseLong(text.get().trim());
    } catch (NumberFormatException e) {
      throw error(path, "must be a whole number, not '" + text.get() + "'");
    }
    if (value < min || value > max) {
      throw error(path, "must be between " + min + " and " + max + ", not " + value);
    }
    return Optional.of(value);
  }

  boolean bool(String path) {
    String text = string(path).trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw error(path, "must be true or false, not '" + text + "'");
    };
  }

  Duration duration(String path) {
    return optionalDuration(path).orElseThrow(() -> error(path, "is required"));
  }

  /** Durations are written like {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}. */
  Optional<Duration> optionalDuration(String path) {
    Optional<String> text = optionalString(path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(text.get().trim());
    if (!m.matches()) {
      throw error(path, "must be a duration such as 250ms, 5s, 2m or 1h, not '" + text.get() + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        });
  }

  URI uri(String path) {
    String text = string(path);
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw error(path, "must be an http or https URL, not '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw error(path, "is not a valid URL: " + e.getMessage());
    }
  }

  Money money(String path) {
    String text = string(path);
    try {
      Money money = Money.ofUsd(text.trim());
      if (money.isNegative()) {
        throw error(path, "cannot be negative");
      }
      return money;
    } catch (IllegalArgumentException e) {
      throw error(path, "must be an amount in US dollars such as 0.50, not '" + text + "'");
    }
  }

  /** Rejects keys under {@code path} other than {@code known}. */
  void requireOnly(String path, List<String> known) {
    requireOnly(path, node(path), known);
  }

  void requireOnly(String path, JsonNode node, List<String> known) {
    if (!node.isObject()) {
      throw error(path, "must be a mapping");
    }
    for (String key : (Iterable<String>) () -> node.fieldNames()) {
      if (!known.contains(key)) {
        throw error(path + "." + key, "is not a known key (known: " + String.join(", ", known) + ")");
      }
    }
  }
}
