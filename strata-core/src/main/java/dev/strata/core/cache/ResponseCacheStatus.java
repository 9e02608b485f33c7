package dev.strata.core.cache;

/**
 * What the response cache did for a request, as sent in {@code x-strata-cache} and stored in the
 * ledger: not applicable, turned off by the caller, consulted without a match, or answered.
 */
public enum ResponseCacheStatus {
  /** No response cache applies (none configured, or not a chat request). */
  NONE("none"),
  /** The caller opted out ({@code Cache-Control: no-cache} or {@code x-strata-cache: off}). */
  OFF("off"),
  /** Consulted, nothing matched: the model answered. */
  MISS("miss"),
  /** Answered from an identical earlier request. */
  HIT_EXACT("hit-exact"),
  /** Answered from an earlier request that means the same. */
  HIT_SEMANTIC("hit-semantic");

  private final String wireName;

  ResponseCacheStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean isHit() {
    return this == HIT_EXACT || this == HIT_SEMANTIC;
  }

  /** The status called {@code wireName}, e.g. {@code hit-exact}. */
  public static ResponseCacheStatus fromWireName(String wireName) {
    for (ResponseCacheStatus status : values()) {
      if (status.wireName.equals(wireName)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown response-cache status '" + wireName + "'");
  }
}
