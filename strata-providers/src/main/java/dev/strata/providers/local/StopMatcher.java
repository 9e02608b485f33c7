package dev.strata.providers.local;

import java.util.List;

/**
 * Finds the caller's stop sequences in generated text as it streams, in Java rather than in
 * llama.cpp so that the stop reason is exact. Text that could still turn out to begin a stop
 * sequence is held back until the next piece settles it; the stop sequence itself, and anything
 * after it, is never released. Not thread-safe: one generation feeds it from one thread.
 */
final class StopMatcher {
  private final List<String> stops;
  private final StringBuilder held = new StringBuilder();
  private boolean stopped;

  StopMatcher(List<String> stops) {
    this.stops = stops.stream().filter(stop -> !stop.isEmpty()).distinct().toList();
  }

  /** What {@link #feed} releases, and whether a stop sequence was found. */
  record Step(String text, boolean stopped) {}

  /** Takes the next generated piece and returns the text that is now safe to relay. */
  Step feed(String piece) {
    if (stopped) {
      return new Step("", true);
    }
    held.append(piece);
    if (stops.isEmpty()) {
      return new Step(releaseAll(), false);
    }
    int first = -1;
    for (String stop : stops) {
      int at = held.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    if (first >= 0) {
      stopped = true;
      String before = held.substring(0, first);
      held.setLength(0);
      return new Step(before, true);
    }
    int keep = longestStopPrefixAtEnd();
    String release = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return new Step(release, false);
  }

  /** The text still held back when generation ends without a stop sequence. */
  String flush() {
    return stopped ? "" : releaseAll();
  }

  private String releaseAll() {
    String all = held.toString();
    held.setLength(0);
    return all;
  }

  /** The length of the longest end of the held text that is a proper prefix of a stop sequence. */
  private int longestStopPrefixAtEnd() {
    int longest = 0;
    for (String stop : stops) {
      for (int k = Math.min(stop.length() - 1, held.length()); k > longest; k--) {
        if (endsWith(stop, k)) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }

  private boolean endsWith(String stop, int prefixLength) {
    int from = held.length() - prefixLength;
    for (int i = 0; i < prefixLength; i++) {
      if (held.charAt(from + i) != stop.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
