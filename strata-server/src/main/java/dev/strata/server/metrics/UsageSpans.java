package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;

/**
 * Turns each settled request into one span named {@code {operation} {model}}, e.g. {@code chat
 * gpt-4o}, spanning the request's own start and end, with GenAI attributes and, on failure, an
 * error status. Key id, team and app are attributes (a span may carry them; a metric may not); tags
 * and prompts never are.
 */
final class UsageSpans implements UsageObserver {
  private final Tracer tracer;

  UsageSpans(Tracer tracer) {
    this.tracer = requireNonNull(tracer, "tracer");
  }

  @Override
  public void observe(UsageRecord record) {
    Usage usage = record.usage();
    Principal principal = record.principal();
    SpanBuilder builder =
        tracer
            .spanBuilder(record.operation() + " " + record.requestedModel())
            .setSpanKind(SpanKind.SERVER)
            .setNoParent()
            .setStartTimestamp(record.startedAt())
            .setAttribute(SemanticNames.OPERATION, record.operation())
            .setAttribute(SemanticNames.REQUEST_MODEL, record.requestedModel())
            .setAttribute(SemanticNames.USAGE_INPUT, usage.totalInputTokens())
            .setAttribute(SemanticNames.USAGE_OUTPUT, usage.outputTokens())
            .setAttribute(SemanticNames.USAGE_CACHE_READ, usage.cacheReadInputTokens())
            .setAttribute(SemanticNames.USAGE_CACHE_WRITE, usage.cacheWriteInputTokens())
            .setAttribute(SemanticNames.HTTP_STATUS, (long) record.httpStatus())
            .setAttribute(SemanticNames.WIRE_FORMAT, record.wireFormat())
            .setAttribute(SemanticNames.TIER, record.tier().wireName())
            .setAttribute("strata.request_id", record.requestId())
            .setAttribute("strata.cost_usd", record.cost().toUsdString())
            .setAttribute("strata.usage_source", record.usageSource().wireName())
            .setAttribute("strata.streamed", record.streamed())
            .setAttribute("strata.key_id", principal.keyId())
            .setAttribute("strata.tenant", principal.tenant());
    setIfPresent(builder, SemanticNames.RESPONSE_MODEL, record.servedModel());
    setIfPresent(builder, SemanticNames.PROVIDER, record.provider());
    setIfPresent(builder, "strata.team", principal.team());
    setIfPresent(builder, "strata.app", principal.app());
    record
        .timeToFirstTokenMillis()
        .ifPresent(millis -> builder.setAttribute("strata.time_to_first_token_ms", millis));
    if (!record.isSuccess()) {
      builder.setAttribute(SemanticNames.ERROR_TYPE, record.status());
    }
    Span span = builder.startSpan();
    if (!record.isSuccess()) {
      span.setStatus(StatusCode.ERROR, record.status());
    }
    span.end(end(record));
  }

  /** Start plus the measured latency: a duration from the monotonic clock, never negative. */
  private static Instant end(UsageRecord record) {
    return record.startedAt().plusMillis(Math.max(0, record.latencyMillis()));
  }

  private static void setIfPresent(SpanBuilder builder, String key, String value) {
    if (!value.isEmpty()) {
      builder.setAttribute(key, value);
    }
  }
}
