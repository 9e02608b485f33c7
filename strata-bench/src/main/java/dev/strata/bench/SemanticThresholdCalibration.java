package dev.strata.bench;

import dev.strata.store.semantic.MiniLmEmbedder;
import dev.strata.store.semantic.SemanticIndexOptions;
import dev.strata.store.semantic.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses the semantic cache's similarity threshold from data: embeds both questions of every
 * labelled pair with the shipped (int8) all-MiniLM-L6-v2, sweeps the threshold and prints precision
 * and recall of "serve question2 from question1's answer" with and without the {@link Verifier},
 * the threshold with the best precision at the target recall, and the figures at the shipped
 * threshold. Usage:
 * {@code bin/strata bench semantic-threshold [--data FILE] [--target-recall R]}.
 */
public final class SemanticThresholdCalibration {
  static final String USAGE =
      """
      usage: bench semantic-threshold [--data FILE] [--target-recall R]
        --data           labelled pairs (default ../shared/data/semantic-cache/quora_pairs_dev.csv)
        --target-recall  recall the chosen threshold must reach (default 0.5)
      """;
  private static final Set<String> FLAGS = Set.of("--data", "--target-recall");

  private SemanticThresholdCalibration() {}

  public static void main(String[] args) throws IOException {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the calibration; prints the sweep and the choice to {@code out}, progress to {@code err}. */
  public static int execute(PrintStream out, PrintStream err, String... args) throws IOException {
    return BenchmarkCommand.execute(
        args,
        USAGE,
        FLAGS,
        out,
        err,
        SemanticThresholdCalibration::settings,
        s -> measure(s, out, err));
  }

  /** The flags, read and checked. */
  private record Settings(Path data, double targetRecall) {}

  private static Settings settings(Flags flags) {
    return new Settings(
        flags.text("--data").map(Path::of).orElse(QuestionPairs.defaultFile()),
        Double.parseDouble(flags.text("--target-recall").orElse("0.5")));
  }

  private static int measure(Settings settings, PrintStream out, PrintStream err)
      throws IOException {
    Path data = settings.data();
    double targetRecall = settings.targetRecall();
    QuestionPairs pairs = QuestionPairs.read(data);
    err.printf("embedding %d pairs from %s%n", pairs.pairs().size(), data);
    List<ScoredPair> scored = score(pairs);
    PairSweep sweep = new PairSweep(scored, pairs.duplicates());
    out.printf(
        Locale.ROOT,
        "%s: %d pairs, %d duplicates%n%n",
        data.getFileName(),
        pairs.pairs().size(),
        pairs.duplicates());
    out.println("threshold  precision  recall  | with verifier: precision  recall");
    for (int step = 0; step <= 60; step++) {
      double threshold = 0.70 + step * 0.005;
      PairSweep.Point raw = sweep.at(threshold, false);
      PairSweep.Point verified = sweep.at(threshold, true);
      out.printf(
          Locale.ROOT,
          "%9.3f  %9.3f  %6.3f  |                %9.3f  %6.3f%n",
          threshold,
          raw.precision(),
          raw.recall(),
          verified.precision(),
          verified.recall());
    }
    out.println();
    for (double recall : new double[] {targetRecall, 0.4, 0.3, 0.2, 0.1}) {
      for (boolean withVerifier : new boolean[] {false, true}) {
        PairSweep.Point best = sweep.bestPrecisionAtRecall(recall, withVerifier);
        out.printf(
            Locale.ROOT,
            "best precision at recall >= %.2f %s: threshold %.4f, precision %.3f, recall %.3f%n",
            recall,
            withVerifier ? "with verifier   " : "without verifier",
            best.threshold(),
            best.precision(),
            best.recall());
      }
    }
    double shipped = SemanticIndexOptions.defaults().threshold();
    PairSweep.Point atShipped = sweep.at(shipped, true);
    PairSweep.Point rawAtShipped = sweep.at(shipped, false);
    out.printf(
        Locale.ROOT,
        "shipped threshold %.4f: with verifier precision %.3f recall %.3f (%d served, %d wrong);"
            + " without verifier precision %.3f recall %.3f%n",
        shipped,
        atShipped.precision(),
        atShipped.recall(),
        atShipped.served(),
        atShipped.wrong(),
        rawAtShipped.precision(),
        rawAtShipped.recall());
    out.printf(
        Locale.ROOT,
        "target precision >= 0.95 at recall >= 0.50: %s%n",
        atShipped.precision() >= 0.95 && atShipped.recall() >= 0.5 ? "met" : "NOT met");
    return 0;
  }

  private static List<ScoredPair> score(QuestionPairs pairs) {
    Verifier verifier = new Verifier();
    List<String> texts = new ArrayList<>();
    for (QuestionPairs.Pair pair : pairs.pairs()) {
      texts.add(orPlaceholder(pair.cached()));
      texts.add(orPlaceholder(pair.incoming()));
    }
    List<float[]> vectors;
    try (MiniLmEmbedder embedder = MiniLmEmbedder.load()) {
      vectors = embedder.embedAll(texts);
    }
    List<ScoredPair> scored = new ArrayList<>();
    for (int i = 0; i < pairs.pairs().size(); i++) {
      QuestionPairs.Pair pair = pairs.pairs().get(i);
      scored.add(
          new ScoredPair(
              dot(vectors.get(2 * i), vectors.get(2 * i + 1)),
              verifier.mismatch(pair.cached(), pair.incoming()).isEmpty(),
              pair.duplicate()));
    }
    return scored;
  }

  /** A blank question cannot be embedded; it matches nothing real anyway. */
  private static String orPlaceholder(String text) {
    return text.isBlank() ? "?" : text;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
