package dev.strata.bench;

import java.util.Comparator;
import java.util.List;

/** Precision and recall of serving a cached answer at each similarity threshold. */
final class PairSweep {
  record Point(double threshold, long served, long wrong, double precision, double recall) {}

  private final List<ScoredPair> pairs;
  private final long duplicates;

  PairSweep(List<ScoredPair> pairs, long duplicates) {
    this.pairs = pairs.stream().sorted(Comparator.comparingDouble(ScoredPair::similarity).reversed()).toList();
    this.duplicates = duplicates;
  }

  Point at(double threshold, boolean withVerifier) {
    long served = 0;
    long right = 0;
    for (ScoredPair pair : pairs) {
      if (pair.similarity() >= threshold && (!withVerifier || pair.verified())) {
        served++;
        if (pair.duplicate()) {
          right++;
        }
      }
    }
    return point(threshold, served, right);
  }

  /**
   * The threshold with the highest precision among those reaching {@code targetRecall}; each
   * candidate threshold is a pair's similarity, so the sweep is exact, not gridded.
   */
  Point bestPrecisionAtRecall(double targetRecall, boolean withVerifier) {
    long served = 0;
    long right = 0;
    Point best = new Point(Double.NaN, 0, 0, 0.0, 0.0);
    for (ScoredPair pair : pairs) {
      if (withVerifier && !pair.verified()) {
        continue;
      }
      served++;
      if (pair.duplicate()) {
        right++;
      }
      Point here = point(pair.similarity(), served, right);
      if (here.recall() >= targetRecall && here.precision() >= best.precision()) {
        best = here;
      }
    }
    return best;
  }

  private Point point(double threshold, long served, long right) {
    double precision = served == 0 ? 1.0 : (double) right / served;
    double recall = duplicates == 0 ? 0.0 : (double) right / duplicates;
    return new Point(threshold, served, served - right, precision, recall);
  }
}
