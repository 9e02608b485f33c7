package dev.strata.core.ratelimit;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Enforces rate limits with one token bucket per limit and subject. A request is admitted only if
 * every bucket that counts it has room — then all are charged at once — otherwise it is refused
 * with the time after which the fullest of them would let it through.
 */
public final class RateLimiter {
  private final RateLimitStore store;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, TokenBucket> buckets = new HashMap<>();
  private volatile List<RateLimit> limits;

  public RateLimiter(RateLimitStore store, LongSupplier nanoTime) {
    this.store = requireNonNull(store, "store");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.limits = List.copyOf(store.all());
  }

  public List<RateLimit> all() {
    return limits;
  }

  /** Stores a new or changed limit; its buckets start full. */
  public synchronized void save(RateLimit limit) {
    store.save(limit);
    List<RateLimit> next = new ArrayList<>();
    for (RateLimit existing : limits) {
      if (!existing.id().equals(limit.id())) {
        next.add(existing);
      }
    }
    next.add(limit);
    forgetBuckets(limit.id());
    limits = List.copyOf(next);
  }

  public synchronized boolean delete(String id) {
    boolean deleted = store.delete(id);
    limits = limits.stream().filter(limit -> !limit.id().equals(id)).toList();
    forgetBuckets(id);
    return deleted;
  }

  /** Whether any limit counts a request by {@code principal} for one of {@code models}. */
  public boolean covers(Principal principal, Collection<String> models) {
    for (RateLimit limit : limits) {
      if (limit.scope().bucketFor(principal, models).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Admits one request that may use {@code tokens} tokens.
   *
   * @throws StrataException {@code RATE_LIMITED} with a retry-after when a limit has no room now
   */
  public Admission admit(Principal principal, Collection<String> models, long tokens) {
    return admit(principal, models, tokens, Priority.INTERACTIVE);
  }

  /**
   * Admits one request at {@code priority}: batch work only while each bucket it draws on keeps
   * its headroom for interactive traffic.
   *
   * @throws StrataException {@code RATE_LIMITED} with a retry-after when a limit has no room now
   */
  public Admission admit(
      Principal principal, Collection<String> models, long tokens, Priority priority) {
    List<Charge> charges = new ArrayList<>();
    for (RateLimit limit : limits) {
      Optional<String> subject = limit.scope().bucketFor(principal, models);
      if (subject.isPresent()) {
        limit.requestsPerMinute().ifPresent(rpm -> charges.add(new Charge(limit, "requests", subject.get(), rpm, 1)));
        limit.tokensPerMinute().ifPresent(tpm -> charges.add(new Charge(limit, "tokens", subject.get(), tpm, tokens)));
      }
    }
    if (charges.isEmpty()) {
      return Admission.UNLIMITED;
    }
    List<TokenBucket> tokenBuckets = new ArrayList<>();
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      long longestWait = 0;
      Charge slowest = null;
      for (Charge charge : charges) {
        TokenBucket bucket = buckets.computeIfAbsent(charge.bucketId(), id -> new TokenBucket(charge.perMinute, now));
        if (charge.amount > bucket.capacity()) {
          throw tooLarge(charge);
        }
        long needed = Math.min(charge.perMinute, charge.amount + priority.headroom(charge.perMinute));
        long wait = bucket.waitFor(needed, now);
        if (wait > longestWait) {
          longestWait = wait;
          slowest = charge;
        }
        charge.bucket = bucket;
      }
      if (slowest != null) {
        throw refusal(slowest, Duration.ofNanos(longestWait));
      }
      for (Charge charge : charges) {
        charge.bucket.take(charge.amount);
        if (charge.kind.equals("tokens")) {
          tokenBuckets.add(charge.bucket);
        }
      }
    } finally {
      lock.unlock();
    }
    return tokenBuckets.isEmpty() ? Admission.UNLIMITED : new Charged(tokenBuckets, tokens);
  }

  private void forgetBuckets(String limitId) {
    lock.lock();
    try {
      buckets.keySet().removeIf(id -> id.startsWith(limitId + "|"));
    } finally {
      lock.unlock();
    }
  }

  private static StrataException refusal(Charge charge, Duration wait) {
    return StrataException.builder(
            ErrorKind.RATE_LIMITED,
            "Rate limit "
                + charge.limit.scope().wireForm()
                + " of "
                + charge.perMinute
                + " "
                + charge.kind
                + " per minute reached"
                + (charge.limit.scope().wireForm().endsWith(":*") ? " for " + charge.subject : "")
                + "; retry after "
                + Math.max(1, (wait.toMillis() + 999) / 1000)
                + " s.")
        .retryAfter(wait)
        .build();
  }

  private static StrataException tooLarge(Charge charge) {
    return StrataException.builder(
            ErrorKind.RATE_LIMITED,
            "This request needs up to "
                + charge.amount
                + " tokens (its input plus max_tokens), more than rate limit "
                + charge.limit.scope().wireForm()
                + " allows in a whole minute ("
                + charge.perMinute
                + "). Send a smaller request or a lower max_tokens.")
        .build();
  }

  /** What one bucket is to be charged for a request. */
  private static final class Charge {
    final RateLimit limit;
    final String kind;
    final String subject;
    final long perMinute;
    final long amount;
    TokenBucket bucket;

    Charge(RateLimit limit, String kind, String subject, long perMinute, long amount) {
      this.limit = limit;
      this.kind = kind;
      this.subject = subject;
      this.perMinute = perMinute;
      this.amount = amount;
    }

    String bucketId() {
      return limit.id() + "|" + kind + "|" + subject;
    }
  }

  /** Token buckets charged for an estimate, adjusted to the real count on settlement. */
  private final class Charged implements Admission {
    private final List<TokenBucket> tokenBuckets;
    private final long admittedTokens;

    Charged(List<TokenBucket> tokenBuckets, long admittedTokens) {
      this.tokenBuckets = tokenBuckets;
      this.admittedTokens = admittedTokens;
    }

    @Override
    public void settle(long actualTokens) {
      lock.lock();
      try {
        for (TokenBucket bucket : tokenBuckets) {
          bucket.adjust(admittedTokens - actualTokens);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
