package dev.strata.core.ledger;

/** Where a record's token counts came from. */
public enum UsageSource {
  /** Reported by the provider in its response. */
  PROVIDER,
  /** Counted by Strata with a tokenizer because the provider did not report them. */
  ESTIMATED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
