package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One numbered schema change: the statements of {@code V<version>__<description>.sql}. */
record Migration(int version, String description, List<String> statements) {
  Migration {
    requireNonNull(description, "description");
    statements = List.copyOf(requireNonNull(statements, "statements"));
    if (version < 1) {
      throw new IllegalArgumentException("migration versions start at 1");
    }
  }
}
