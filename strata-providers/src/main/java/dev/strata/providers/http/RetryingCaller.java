package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs an upstream call, retrying retryable {@link StrataException}s under a {@link RetryPolicy}. A
 * requested {@code Retry-After} replaces the computed backoff; one longer than the policy's {@code
 * maxBackoff} is not waited for — the failure goes to the caller at once, carrying it.
 */
public final class RetryingCaller {
  private static final System.Logger LOG = System.getLogger(RetryingCaller.class.getName());

  private final String upstream;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;

  public RetryingCaller(
      String upstream, RetryPolicy policy, Sleeper sleeper, DoubleSupplier jitter) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.policy = requireNonNull(policy, "policy");
    this.sleeper = requireNonNull(sleeper, "sleeper");
    this.jitter = requireNonNull(jitter, "jitter");
  }

  /** A caller that sleeps on the calling thread with random jitter. */
  public static RetryingCaller of(String upstream, RetryPolicy policy) {
    return new RetryingCaller(
        upstream, policy, Sleeper.THREAD, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Runs {@code attempt} until it succeeds, fails for good, or the retries are spent. */
  public <T> T call(Supplier<T> attempt) {
    return call(attempt, () -> false);
  }

  /**
   * Like {@link #call(Supplier)}, but a failure after {@code committed} turned true is never
   * retried: once a stream has relayed something to the caller, it cannot be taken back.
   */
  public <T> T call(Supplier<T> attempt, BooleanSupplier committed) {
    for (int retry = 1; ; retry++) {
      StrataException failure;
      try {
        return attempt.get();
      } catch (StrataException e) {
        failure = e;
      }
      if (!failure.isRetryable() || retry > policy.maxRetries() || committed.getAsBoolean()) {
        throw failure;
      }
      Optional<Duration> asked = failure.retryAfter();
      if (asked.isPresent() && asked.get().compareTo(policy.maxBackoff()) > 0) {
        throw failure;
      }
      int number = retry;
      Duration pause = asked.orElseGet(() -> policy.backoff(number, jitter.getAsDouble()));
      pauseBefore(retry, pause, failure);
    }
  }

  private void pauseBefore(int retry, Duration pause, StrataException failure) {
    LOG.log(
        Level.INFO,
        () ->
            "upstream '"
                + upstream
                + "' failed ("
                + failure.kind()
                + "); retry "
                + retry
                + " of "
                + policy.maxRetries()
                + " in "
                + pause.toMillis()
                + " ms");
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      throw UpstreamErrors.interrupted(upstream);
    }
  }

  @Override
  public String toString() {
    return "RetryingCaller[" + upstream + ", " + policy + "]";
  }
}
