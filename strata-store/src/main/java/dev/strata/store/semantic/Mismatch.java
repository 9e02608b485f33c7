package dev.strata.store.semantic;

import static java.util.Objects.requireNonNull;

/** Why the verifier refused a pair of prompts the embedding found alike: the signal and the words. */
public record Mismatch(Signal signal, String detail) {
  public Mismatch {
    requireNonNull(signal, "signal");
    requireNonNull(detail, "detail");
  }

  /** The cheap lexical signals that a near-miss asks something else. */
  public enum Signal {
    /** The numbers differ (digits or number words: "August 8" vs "August 9", "two" vs "three"). */
    NUMBER,
    /** One prompt is negated and the other not ("in a blender" vs "without a blender"). */
    NEGATION,
    /** Each prompt names something the other does not ("in Mumbai" vs "in Jaipur"). */
    NAME
  }
}
