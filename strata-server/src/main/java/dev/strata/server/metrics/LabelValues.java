package dev.strata.server.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one label's cardinality bounded: the first {@code limit} distinct values pass, later ones
 * (and overlong ones) become {@value #OTHER}. Callers choose some values, e.g. a model name that
 * does not exist, so without this bound a scrape could grow without end.
 */
final class LabelValues {
  static final String OTHER = "_other";
  static final int MAX_LENGTH = 128;

  private final int limit;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  LabelValues(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a label needs room for at least one value");
    }
    this.limit = limit;
  }

  String admit(String value) {
    if (value.length() > MAX_LENGTH) {
      return OTHER;
    }
    if (admitted.contains(value)) {
      return value;
    }
    synchronized (admitted) {
      if (admitted.size() < limit) {
        admitted.add(value);
        return value;
      }
    }
    return admitted.contains(value) ? value : OTHER;
  }
}
