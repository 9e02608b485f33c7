package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ratelimit.Admission;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The reserved lane of each provisioned model: one token bucket per model holding its capacity —
 * model units × the price book's tokens per minute per unit — so its requests are throttled only
 * against their own capacity, never by on-demand rate limits. A request is admitted for its
 * estimated tokens and charged what it really used on settlement. Only the owner's tenant may use a
 * lane; to anyone else the model does not exist.
 */
public final class CapacityLanes {
  private final Function<String, Optional<ProvisionedModels.Lane>> lanes;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, LaneBucket> buckets = new HashMap<>();

  /** The lanes of {@code models}, timed by {@code nanoTime} (e.g. {@code System::nanoTime}). */
  public CapacityLanes(ProvisionedModels models, LongSupplier nanoTime) {
    this(requireNonNull(models, "models")::lane, nanoTime);
  }

  private CapacityLanes(
      Function<String, Optional<ProvisionedModels.Lane>> lanes, LongSupplier nanoTime) {
    this.lanes = lanes;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /** No lanes: provisioned models then pass unthrottled (and still skip on-demand limits). */
  public static CapacityLanes none() {
    return new CapacityLanes(arn -> Optional.empty(), System::nanoTime);
  }

  /**
   * Admits one request by {@code principal} for the provisioned model {@code provisionedModelArn}
   * (which the caller named {@code requestedModel}) that may use {@code tokens} tokens.
   *
   * @throws StrataException RATE_LIMITED with a retry-after when the lane has no room now (without
   *     one when the request exceeds a whole minute's capacity); NOT_FOUND when the model belongs
   *     to another tenant
   */
  public Admission admit(
      Principal principal, String provisionedModelArn, String requestedModel, long tokens) {
    Optional<ProvisionedModels.Lane> found = lanes.apply(provisionedModelArn);
    if (found.isEmpty()) {
      forget(provisionedModelArn);
      return Admission.UNLIMITED;
    }
    ProvisionedModels.Lane lane = found.get();
    if (!lane.tenant().equals(principal.tenant())) {
      throw StrataException.modelNotFound(requestedModel);
    }
    if (tokens > lane.tokensPerMinute()) {
      throw tooLarge(lane, tokens);
    }
    LaneBucket bucket;
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      bucket =
          buckets.computeIfAbsent(
              provisionedModelArn, arn -> new LaneBucket(lane.tokensPerMinute(), now));
      bucket.resize(lane.tokensPerMinute(), now);
      long wait = bucket.waitFor(tokens, now);
      if (wait > 0) {
        throw full(lane, Duration.ofNanos(wait));
      }
      bucket.take(tokens);
    } finally {
      lock.unlock();
    }
    return actualTokens -> {
      lock.lock();
      try {
        bucket.adjust(tokens - actualTokens);
      } finally {
        lock.unlock();
      }
    };
  }

  private void forget(String provisionedModelArn) {
    lock.lock();
    try {
      buckets.remove(provisionedModelArn);
    } finally {
      lock.unlock();
    }
  }

  private static StrataException full(ProvisionedModels.Lane lane, Duration wait) {
    return StrataException.builder(
            ErrorKind.RATE_LIMITED,
            "The provisioned model '"
                + lane.name()
                + "' is serving its full capacity of "
                + lane.tokensPerMinute()
                + " tokens per minute ("
                + lane.modelUnits()
                + " model units); retry after "
                + Math.max(1, (wait.toMillis() + 999) / 1000)
                + " s.")
        .retryAfter(wait)
        .build();
  }

  private static StrataException tooLarge(ProvisionedModels.Lane lane, long tokens) {
    return StrataException.builder(
            ErrorKind.RATE_LIMITED,
            "This request needs up to "
                + tokens
                + " tokens (its input plus max_tokens), more than the provisioned model '"
                + lane.name()
                + "' serves in a whole minute ("
                + lane.tokensPerMinute()
                + "). Send a smaller request or a lower max_tokens.")
        .build();
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "CapacityLanes[" + buckets.size() + " lanes in use]";
    } finally {
      lock.unlock();
    }
  }
}
