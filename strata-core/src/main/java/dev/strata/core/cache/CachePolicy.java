package dev.strata.core.cache;

import java.util.Locale;

/**
 * What one request lets the response cache do: answer from it ({@code read}) and remember its
 * answer ({@code store}). Callers opt out per request with HTTP headers.
 */
public record CachePolicy(boolean read, boolean store) {
  /** Read and store: the default. */
  public static final CachePolicy DEFAULT = new CachePolicy(true, true);

  /** Neither read nor store. */
  public static final CachePolicy OFF = new CachePolicy(false, false);

  /**
   * The policy the request headers ask for: {@code x-strata-cache: off} turns the cache off;
   * {@code Cache-Control: no-cache} skips reading it and {@code no-store} skips storing. Either
   * header may be null (absent).
   */
  public static CachePolicy fromHeaders(String cacheControl, String strataCache) {
    if (strataCache != null && strataCache.strip().equalsIgnoreCase("off")) {
      return OFF;
    }
    if (cacheControl == null) {
      return DEFAULT;
    }
    boolean read = true;
    boolean store = true;
    for (String directive : cacheControl.split(",")) {
      String name = directive.strip().toLowerCase(Locale.ROOT);
      if (name.equals("no-cache")) {
        read = false;
      } else if (name.equals("no-store")) {
        store = false;
      }
    }
    return new CachePolicy(read, store);
  }

  public boolean isOff() {
    return !read && !store;
  }
}
