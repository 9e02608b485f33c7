package dev.strata.core.auth;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What a caller asks for when creating a key: a name and its attribution. */
public record NewKey(String name, String tenant, String team, String app, Map<String, String> tags) {
  public NewKey {
    requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("a key name is 1 to 200 characters");
    }
    tags = Map.copyOf(requireNonNull(tags, "tags"));
  }
}
