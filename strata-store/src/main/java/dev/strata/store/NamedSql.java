package dev.strata.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statements of one SQL resource, each introduced by a {@code -- name: <name>} line. Other
 * comment lines are dropped, so statements can be documented in place.
 */
final class NamedSql {
  private static final String FOLDER = "/dev/strata/store/sql/";
  private static final String NAME_MARKER = "-- name:";

  private final String resource;
  private final Map<String, String> statements;

  private NamedSql(String resource, Map<String, String> statements) {
    this.resource = resource;
    this.statements = Map.copyOf(statements);
  }

  /** Loads {@code dev/strata/store/sql/<file>}. */
  static NamedSql load(String file) {
    String resource = FOLDER + file;
    return parse(resource, ClasspathText.read(resource));
  }

  static NamedSql parse(String resource, String text) {
    Map<String, String> statements = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith(NAME_MARKER)) {
        add(resource, statements, name, body);
        name = trimmed.substring(NAME_MARKER.length()).strip();
        body.setLength(0);
      } else if (!trimmed.startsWith("--") && !trimmed.isEmpty()) {
        body.append(line.stripTrailing()).append('\n');
      }
    }
    add(resource, statements, name, body);
    return new NamedSql(resource, statements);
  }

  private static void add(
      String resource, Map<String, String> statements, String name, StringBuilder body) {
    String sql = body.toString().strip();
    if (name == null) {
      if (!sql.isEmpty()) {
        throw new IllegalStateException(resource + ": SQL before the first '-- name:' line");
      }
      return;
    }
    if (sql.isEmpty() || statements.put(name, sql) != null) {
      throw new IllegalStateException(resource + ": statement '" + name + "' is empty or repeated");
    }
  }

  /** The statement called {@code name}; a missing one is a defect in this module. */
  String get(String name) {
    String sql = statements.get(name);
    if (sql == null) {
      throw new IllegalStateException(resource + " has no statement named '" + name + "'");
    }
    return sql;
  }
}
