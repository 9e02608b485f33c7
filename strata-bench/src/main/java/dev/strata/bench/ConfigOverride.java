package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One Strata configuration value set for a gateway the benchmark launches, e.g. {@code
 * server.virtualThreadScheduler=jdk}. It reaches the child the way an operator would set it: as the
 * environment variable Strata reads for that key ({@code STRATA_SERVER_VIRTUAL_THREAD_SCHEDULER}).
 */
record ConfigOverride(String key, String value) {
  private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*");
  private static final Pattern WORD_START = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

  ConfigOverride {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "'" + key + "' is not a configuration key such as server.virtualThreadScheduler");
    }
  }

  /** Reads {@code KEY=VALUE}. */
  static ConfigOverride parse(String text) {
    int equals = text.indexOf('=');
    if (equals < 1) {
      throw new IllegalArgumentException(
          "expected KEY=VALUE such as server.virtualThreadScheduler=jdk, not '" + text + "'");
    }
    return new ConfigOverride(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
  }

  /** The environment variable that sets this key: {@code STRATA_}, then its path in snake case. */
  String environmentVariable() {
    StringBuilder name = new StringBuilder("STRATA");
    for (String part : key.split("\\.")) {
      name.append('_').append(WORD_START.matcher(part).replaceAll("_").toUpperCase(Locale.ROOT));
    }
    return name.toString();
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
