package dev.strata.core.ratelimit;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.util.OptionalLong;

/**
 * Requests per minute and/or tokens per minute for one scope. Tokens are input plus output: a
 * request is admitted against its estimated input and its {@code max_tokens}, then charged what
 * it really used.
 */
public record RateLimit(
    String id, RateLimitScope scope, OptionalLong requestsPerMinute, OptionalLong tokensPerMinute) {
  public RateLimit {
    requireNonNull(id, "id");
    requireNonNull(scope, "scope");
    requireNonNull(requestsPerMinute, "requestsPerMinute");
    requireNonNull(tokensPerMinute, "tokensPerMinute");
    if (requestsPerMinute.isEmpty() && tokensPerMinute.isEmpty()) {
      throw StrataException.invalid(
          "rpm", "A rate limit needs requests per minute (rpm), tokens per minute (tpm) or both.");
    }
    if (requestsPerMinute.orElse(1) < 1 || tokensPerMinute.orElse(1) < 1) {
      throw StrataException.invalid("rpm", "Rate limits must be positive.");
    }
  }
}
