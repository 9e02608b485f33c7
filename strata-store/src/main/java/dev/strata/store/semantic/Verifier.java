package dev.strata.store.semantic;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The second opinion after the similarity threshold: rejects a pair of prompts that the embedding
 * finds alike but that differ in their numbers (digits or number words), in negation ("not",
 * "never", "no", "without", "n't" …), or in names, when each names something the other does not.
 *
 * <p>A name is a capitalised word other than a question word, or one with inner capitals
 * ("iPhone"). Only a substitution counts (each side has a name the other lacks): on the Quora
 * pairs, rejecting every added name ("the best laptop" vs "the best Dell laptop") removed four to
 * five times as many true paraphrases as near-misses. Word-overlap and rare-word signals were measured too and
 * removed more paraphrases than near-misses, so they are not used (see docs/caching.md).
 */
public final class Verifier {
  /** Whether two prompts may be answered alike; empty when no signal says otherwise. */
  public Optional<Mismatch> mismatch(String cached, String incoming) {
    PromptWords a = PromptWords.of(cached);
    PromptWords b = PromptWords.of(incoming);
    if (!a.numbers().equals(b.numbers())) {
      TreeSet<String> differing = new TreeSet<>(a.numbers());
      differing.addAll(b.numbers());
      TreeSet<String> shared = new TreeSet<>(a.numbers());
      shared.retainAll(b.numbers());
      differing.removeAll(shared);
      return Optional.of(new Mismatch(Mismatch.Signal.NUMBER, String.join(", ", differing)));
    }
    if (a.isNegated() != b.isNegated()) {
      return Optional.of(
          new Mismatch(
              Mismatch.Signal.NEGATION, (a.isNegated() ? "cached" : "incoming") + " is negated"));
    }
    List<String> onlyInCached = a.namesMissingFrom(b);
    List<String> onlyInIncoming = b.namesMissingFrom(a);
    if (!onlyInCached.isEmpty() && !onlyInIncoming.isEmpty()) {
      return Optional.of(
          new Mismatch(
              Mismatch.Signal.NAME,
              String.join(", ", onlyInCached) + " vs " + String.join(", ", onlyInIncoming)));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Verifier[numbers, negation, names]";
  }
}
