package dev.strata.bench;

import dev.strata.core.tokens.TokenCounter;
import java.util.SplittableRandom;

/**
 * Deterministic English-like prose of a given size in tokens, so the benchmark's prompts cost the
 * tokenizer what real prompts do (mixed word lengths, punctuation, numbers, identifiers).
 */
final class PromptText {
  private static final String[] WORDS = {
    "the", "customer", "reported", "that", "invoice", "for", "last", "month", "was", "charged",
    "twice", "and", "asked", "whether", "refund", "could", "be", "issued", "before", "renewal",
    "please", "summarise", "conversation", "below", "include", "order", "numbers", "dates",
    "amounts", "shipping", "address", "changed", "warehouse", "delayed", "because", "storm",
    "tracking", "shows", "package", "left", "facility", "on", "Tuesday", "morning", "account",
    "manager", "escalated", "ticket", "priority", "support", "engineer", "replied", "with",
    "workaround", "configuration", "timeout", "retries", "database", "migration", "rollback",
    "deployment", "pipeline", "failed", "during", "integration", "tests", "latency", "increased",
    "significantly", "after", "upgrade", "memory", "usage", "stable", "we", "should", "monitor",
    "dashboard", "alerts", "quarterly", "budget", "forecast", "exceeds", "approved", "limit",
    "finance", "team", "requested", "breakdown", "by", "region", "product", "line", "contract",
    "expires", "in", "December", "legal", "review", "pending", "signature", "from", "vendor",
  };
  private static final String[] IDENTIFIERS = {
    "ORD-48213", "INV-2024-0917", "user_id=88412", "eu-west-1", "v2.14.3", "HTTP 503",
    "$1,249.00", "2025-03-14", "sku:AX-77", "p99=412ms",
  };

  private PromptText() {}

  /**
   * Sentences of prose until {@code counter} counts at least {@code tokens} tokens; the same
   * {@code seed} gives the same text.
   */
  static String of(int tokens, TokenCounter counter, long seed) {
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens must be positive, was " + tokens);
    }
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder();
    // counting the whole text after each paragraph keeps the cost linear enough for prompt sizes
    while (counter.count(text.toString()) < tokens) {
      text.append(paragraph(random));
    }
    return trimmed(text.toString(), tokens, counter);
  }

  private static String paragraph(SplittableRandom random) {
    StringBuilder paragraph = new StringBuilder();
    for (int s = 0; s < 4; s++) {
      paragraph.append(sentence(random)).append(' ');
    }
    paragraph.setCharAt(paragraph.length() - 1, '\n');
    return paragraph.toString();
  }

  private static String sentence(SplittableRandom random) {
    int words = 6 + random.nextInt(14);
    StringBuilder sentence = new StringBuilder();
    for (int w = 0; w < words; w++) {
      String word =
          random.nextInt(12) == 0
              ? IDENTIFIERS[random.nextInt(IDENTIFIERS.length)]
              : WORDS[random.nextInt(WORDS.length)];
      if (w == 0) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      }
      sentence.append(word);
      if (w < words - 1) {
        sentence.append(random.nextInt(9) == 0 ? ", " : " ");
      }
    }
    return sentence.append(random.nextInt(6) == 0 ? '?' : '.').toString();
  }

  /** Drops whole words from the end while the text stays at or above {@code tokens}. */
  private static String trimmed(String text, int tokens, TokenCounter counter) {
    String kept = text;
    while (true) {
      int cut = kept.stripTrailing().lastIndexOf(' ');
      if (cut <= 0) {
        return kept;
      }
      String shorter = kept.substring(0, cut);
      if (counter.count(shorter) < tokens) {
        return kept;
      }
      kept = shorter;
    }
  }
}
