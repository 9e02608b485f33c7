package dev.strata.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema migrations shipped in {@code dev/strata/store/migrations}, listed in order in its
 * {@code INDEX} file (resources cannot be listed portably). Versions must run 1, 2, 3… without
 * gaps.
 */
final class Migrations {
  static final String FOLDER = "/dev/strata/store/migrations/";
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3,})__([a-z0-9_]+)\\.sql");

  private Migrations() {}

  static List<Migration> shipped() {
    List<Migration> migrations = new ArrayList<>();
    for (String fileName : listed()) {
      Matcher name = FILE_NAME.matcher(fileName);
      if (!name.matches()) {
        throw new IllegalStateException(
            FOLDER
                + "INDEX: '"
                + fileName
                + "' is not named V<number>__<words_with_underscores>.sql");
      }
      int version = Integer.parseInt(name.group(1));
      if (version != migrations.size() + 1) {
        throw new IllegalStateException(
            FOLDER + "INDEX: " + fileName + " should be version " + (migrations.size() + 1));
      }
      migrations.add(
          new Migration(
              version,
              name.group(2).replace('_', ' '),
              SqlScript.statements(ClasspathText.read(FOLDER + fileName))));
    }
    return List.copyOf(migrations);
  }

  /** The file names in the INDEX, in order. */
  static List<String> listed() {
    return ClasspathText.read(FOLDER + "INDEX")
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }
}
