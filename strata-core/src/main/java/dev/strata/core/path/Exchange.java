package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.cache.CachePolicy;
import dev.strata.core.cache.ResponseCacheStatus;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.money.Billing;
import dev.strata.core.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One request on its way through the path: the fixed inputs a frontend supplies, and the typed
 * facts steps establish (who is calling, which models may serve, which did, what it cost). Used by
 * one thread at a time.
 */
public final class Exchange {
  private final String requestId;
  private final Instant receivedAt;
  private final long receivedNanos;
  private final String wireFormat;
  private final Optional<String> credential;
  private Operation operation;

  private Principal principal;
  private List<ModelEntry> candidates = List.of();
  private ModelEntry servedBy;
  private Metering metering;
  private dev.strata.core.model.ChatResponse partialAnswer;
  private long firstTokenNanos = -1;
  private long finishedNanos = -1;
  private long attemptStartedNanos = -1;
  private long estimatedInputTokens = -1;
  private CachePolicy cachePolicy = CachePolicy.DEFAULT;
  private ResponseCacheStatus responseCache = ResponseCacheStatus.NONE;
  private Money savedCost = Money.ZERO;
  private Billing billing = Billing.ON_DEMAND;

  public Exchange(
      String requestId,
      Instant receivedAt,
      long receivedNanos,
      String wireFormat,
      Optional<String> credential,
      Operation operation) {
    this.requestId = requireNonNull(requestId, "requestId");
    this.receivedAt = requireNonNull(receivedAt, "receivedAt");
    this.receivedNanos = receivedNanos;
    this.wireFormat = requireNonNull(wireFormat, "wireFormat");
    this.credential = requireNonNull(credential, "credential");
    this.operation = requireNonNull(operation, "operation");
  }

  /**
   * An exchange whose caller a frontend has already verified — e.g. by an AWS SigV4 signature,
   * which needs the raw request — so {@link Authenticate} accepts it as is.
   */
  public static Exchange preAuthenticated(
      String requestId,
      Instant receivedAt,
      long receivedNanos,
      String wireFormat,
      Principal principal,
      Operation operation) {
    Exchange exchange =
        new Exchange(requestId, receivedAt, receivedNanos, wireFormat, Optional.empty(), operation);
    exchange.authenticatedAs(principal);
    return exchange;
  }

  /** The input tokens counted before any upstream call, once a step has counted them. */
  public OptionalLong estimatedInputTokens() {
    return estimatedInputTokens < 0
        ? OptionalLong.empty()
        : OptionalLong.of(estimatedInputTokens);
  }

  void estimatedInputTokens(long tokens) {
    this.estimatedInputTokens = tokens;
  }

  public String requestId() {
    return requestId;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /** {@link System#nanoTime()} when the request arrived, for latency. */
  public long receivedNanos() {
    return receivedNanos;
  }

  public String wireFormat() {
    return wireFormat;
  }

  /** The secret the caller presented, if any. */
  public Optional<String> credential() {
    return credential;
  }

  public Operation operation() {
    return operation;
  }

  /**
   * Replaces the chat request that goes upstream — e.g. with cache points placed — keeping the
   * model the caller named and the stream; a step between {@link Route} and {@link Invoke} uses it.
   */
  public void rewriteChat(java.util.function.UnaryOperator<dev.strata.core.model.ChatRequest> change) {
    if (!(operation instanceof Operation.Chat chat)) {
      throw new IllegalStateException("only a chat request can be rewritten, not " + operation.name());
    }
    dev.strata.core.model.ChatRequest changed =
        requireNonNull(change.apply(chat.request()), "changed request");
    if (!changed.model().equals(chat.request().model())) {
      throw new IllegalArgumentException("a rewrite cannot change the model the caller named");
    }
    this.operation = new Operation.Chat(changed, chat.stream());
  }

  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  void authenticatedAs(Principal who) {
    this.principal = requireNonNull(who, "who");
  }

  /** The models that may serve this request, in the order to try them. */
  public List<ModelEntry> candidates() {
    return candidates;
  }

  void routedTo(List<ModelEntry> models) {
    this.candidates = List.copyOf(models);
  }

  /** The model that served (or last attempted to serve) the request. */
  public Optional<ModelEntry> servedBy() {
    return Optional.ofNullable(servedBy);
  }

  void attempting(ModelEntry model) {
    this.servedBy = requireNonNull(model, "model");
    this.attemptStartedNanos = System.nanoTime();
  }

  /** How long the model that served (or last attempted) the request was busy with it. */
  long busyNanos() {
    if (attemptStartedNanos < 0) {
      return 0;
    }
    return (finishedNanos < 0 ? System.nanoTime() : finishedNanos) - attemptStartedNanos;
  }

  public Optional<Metering> metering() {
    return Optional.ofNullable(metering);
  }

  void metered(Metering result) {
    this.metering = requireNonNull(result, "result");
  }

  /** What a stream delivered before it failed, for metering. */
  public Optional<dev.strata.core.model.ChatResponse> partialAnswer() {
    return Optional.ofNullable(partialAnswer);
  }

  void failedAfterDelivering(dev.strata.core.model.ChatResponse partial) {
    this.partialAnswer = requireNonNull(partial, "partial");
  }

  void firstTokenAt(long nanos) {
    if (firstTokenNanos < 0) {
      firstTokenNanos = nanos;
    }
  }

  /** Time from arrival until the first streamed content, for streams that produced some. */
  public OptionalLong timeToFirstTokenNanos() {
    return firstTokenNanos < 0
        ? OptionalLong.empty()
        : OptionalLong.of(firstTokenNanos - receivedNanos);
  }

  void finishedAt(long nanos) {
    if (finishedNanos < 0) {
      finishedNanos = nanos;
    }
  }

  /** Time from arrival until the answer was complete (or failed). */
  public long latencyNanos() {
    return (finishedNanos < 0 ? System.nanoTime() : finishedNanos) - receivedNanos;
  }

  /** What the caller lets the response cache do; a frontend sets it from the request headers. */
  public CachePolicy cachePolicy() {
    return cachePolicy;
  }

  /** Sets the caller's response-cache policy, before the exchange runs; returns this exchange. */
  public Exchange cachePolicy(CachePolicy policy) {
    this.cachePolicy = requireNonNull(policy, "policy");
    return this;
  }

  /** How the request is billed: on demand unless it is a batch record. */
  public Billing billing() {
    return billing;
  }

  /** Sets how the request is billed, before the exchange runs; returns this exchange. */
  public Exchange billing(Billing how) {
    this.billing = requireNonNull(how, "how");
    return this;
  }

  /** What the response cache did for this request. */
  public ResponseCacheStatus responseCache() {
    return responseCache;
  }

  void responseCache(ResponseCacheStatus status) {
    this.responseCache = requireNonNull(status, "status");
  }

  /** What a response-cache hit avoided paying: the cached answer's original cost. */
  public Money savedCost() {
    return savedCost;
  }

  void servedFromCache(ResponseCacheStatus status, Money saved) {
    if (!status.isHit()) {
      throw new IllegalArgumentException("served from the cache needs a hit, got " + status);
    }
    this.responseCache = status;
    this.savedCost = requireNonNull(saved, "saved");
  }

  @Override
  public String toString() {
    return "Exchange[" + requestId + ", " + operation.name() + " " + operation.model() + "]";
  }
}
