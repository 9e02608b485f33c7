package dev.strata.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Command-line flags of the form {@code --name value}, checked against the known names. */
final class Flags {

  private final Map<String, String> values = new HashMap<>();

  Flags(List<String> args, Set<String> known) {
    for (int i = 0; i < args.size(); i += 2) {
      String name = args.get(i);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 >= args.size() || known.contains(args.get(i + 1))) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (values.put(name, args.get(i + 1)) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
  }

  Optional<String> text(String name) {
    return Optional.ofNullable(values.get(name));
  }

  int integer(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a whole number, was " + value, e);
    }
  }

  /** A number of seconds, fractions allowed, to millisecond precision. */
  Duration seconds(String name, double fallback) {
    String value = values.get(name);
    double seconds;
    try {
      seconds = value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a number of seconds, was " + value, e);
    }
    if (!Double.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
      throw new IllegalArgumentException(
          name + " must be between 0 and 86400 seconds, was " + value);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
