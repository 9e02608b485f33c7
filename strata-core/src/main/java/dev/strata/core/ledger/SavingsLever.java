package dev.strata.core.ledger;

import java.util.Locale;

/**
 * A cost lever whose effect the savings view measures. A request can pull several levers (a routed
 * batch call that read the prompt cache counts under three), so levers do not add up to the total.
 */
public enum SavingsLever {
  /** The served model differs from the requested one. */
  ROUTING,
  /** The request read or wrote the provider's prompt cache. */
  PROMPT_CACHING,
  /** Billed at the batch tier. */
  BATCH,
  /** Served on provisioned capacity. */
  PROVISIONED,
  /** Answered from the response cache, exact or semantic: the saving is the avoided cost. */
  RESPONSE_CACHE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
