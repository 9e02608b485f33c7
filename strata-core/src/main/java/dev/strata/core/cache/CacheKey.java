package dev.strata.core.cache;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatRequest;
import java.util.HexFormat;

/**
 * The exact-cache key of a chat request: the tenant it was made for, the model as requested, and
 * the SHA-256 of the canonical request. The tenant is part of the key, so no tenant ever hits
 * another tenant's entry.
 */
public record CacheKey(String tenant, String model, String digest) {
  public CacheKey {
    requireNonNull(tenant, "tenant");
    requireNonNull(model, "model");
    requireNonNull(digest, "digest");
    if (digest.length() != 64 || !digest.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException("a cache key digest is 64 hex digits, got '" + digest + "'");
    }
  }

  /** The key of {@code request} made by {@code tenant}. */
  public static CacheKey of(String tenant, ChatRequest request) {
    return new CacheKey(tenant, request.model(), CanonicalRequest.digest(request));
  }

  /** Whether this key belongs to {@code tenant} (any, when empty) and {@code model} (any, when empty). */
  public boolean matches(String tenantOrEmpty, String modelOrEmpty) {
    return (tenantOrEmpty.isEmpty() || tenant.equals(tenantOrEmpty))
        && (modelOrEmpty.isEmpty() || model.equals(modelOrEmpty));
  }

  @Override
  public String toString() {
    return "CacheKey[" + tenant + ", " + model + ", " + digest.substring(0, 12) + "]";
  }
}
