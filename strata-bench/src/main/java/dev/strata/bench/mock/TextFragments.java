package dev.strata.bench.mock;

import java.util.ArrayList;
import java.util.List;

/** Splits a text into nearly equal pieces, never inside a surrogate pair. */
final class TextFragments {

  private TextFragments() {}

  /**
   * At most {@code count} non-empty pieces that concatenate to {@code text}; one empty piece when
   * the text is empty.
   */
  static List<String> split(String text, int count) {
    int[] codePoints = text.codePoints().toArray();
    int pieces = Math.max(1, Math.min(count, codePoints.length));
    List<String> fragments = new ArrayList<>(pieces);
    for (int i = 0; i < pieces; i++) {
      int from = (int) ((long) i * codePoints.length / pieces);
      int to = (int) ((long) (i + 1) * codePoints.length / pieces);
      fragments.add(new String(codePoints, from, to - from));
    }
    return fragments;
  }
}
