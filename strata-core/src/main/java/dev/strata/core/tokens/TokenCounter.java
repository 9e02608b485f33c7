package dev.strata.core.tokens;

/** Counts the tokens a model's tokenizer makes of a text. */
@FunctionalInterface
public interface TokenCounter {
  long count(String text);
}
