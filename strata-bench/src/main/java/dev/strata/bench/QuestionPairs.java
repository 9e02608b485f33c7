package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Quora question pairs of ../shared/data/semantic-cache/quora_pairs_dev.csv (columns {@code
 * question1,question2,is_duplicate}; RFC 4180 quoting): answering question2 from question1's
 * cached answer is right exactly when the pair is a duplicate.
 */
record QuestionPairs(List<Pair> pairs) {
  record Pair(String cached, String incoming, boolean duplicate) {
    Pair {
      requireNonNull(cached, "cached");
      requireNonNull(incoming, "incoming");
    }
  }

  QuestionPairs {
    pairs = List.copyOf(pairs);
  }

  /** The default file: {@code strata.shared.dir} (set by the build) or ../shared, then the path. */
  static Path defaultFile() {
    String shared = System.getProperty("strata.shared.dir", "../shared");
    return Path.of(shared, "data", "semantic-cache", "quora_pairs_dev.csv");
  }

  static QuestionPairs read(Path file) throws IOException {
    List<List<String>> rows = csvRows(Files.readString(file));
    if (rows.isEmpty()
        || !rows.get(0).equals(List.of("question1", "question2", "is_duplicate"))) {
      throw new IOException(file + ": expected the header question1,question2,is_duplicate");
    }
    List<Pair> pairs = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() != 3) {
        throw new IOException(file + ": a row has " + row.size() + " fields, expected 3");
      }
      pairs.add(new Pair(row.get(0), row.get(1), row.get(2).trim().equals("1")));
    }
    return new QuestionPairs(pairs);
  }

  long duplicates() {
    return pairs.stream().filter(Pair::duplicate).count();
  }

  private static List<List<String>> csvRows(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
