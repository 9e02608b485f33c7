package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.Ledger;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces over OTLP (http/protobuf): one span per settled request, read from the
 * ledger through {@link #tracing(Ledger)} and exported in batches from a bounded queue. Off unless
 * the application builds one from a configured endpoint; {@link #close()} exports what is queued.
 */
public final class OtlpTracing implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(OtlpTracing.class.getName());
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final String INSTRUMENTATION_SCOPE = "dev.strata.server";
  private static final int MAX_EXPORT_BATCH = 512;

  private final TracingOptions options;
  private final SdkTracerProvider provider;
  private final UsageSpans spans;

  private OtlpTracing(TracingOptions options, SdkTracerProvider provider) {
    this.options = options;
    this.provider = provider;
    this.spans = new UsageSpans(provider.get(INSTRUMENTATION_SCOPE));
  }

  /** Sets up the exporter; nothing is sent until a request settles. */
  public static OtlpTracing start(TracingOptions options) {
    requireNonNull(options, "options");
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(options.tracesUrl())
            .setTimeout(options.exportTimeout());
    for (Map.Entry<String, String> header : options.headers().entrySet()) {
      exporter.addHeader(header.getKey(), header.getValue());
    }
    BatchSpanProcessor batches =
        BatchSpanProcessor.builder(exporter.build())
            .setMaxQueueSize(options.maxQueueSize())
            .setMaxExportBatchSize(Math.min(MAX_EXPORT_BATCH, options.maxQueueSize()))
            .setExporterTimeout(options.exportTimeout())
            .build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(SERVICE_NAME, options.serviceName()))))
            .addSpanProcessor(batches)
            .build();
    LOG.log(Level.INFO, "exporting traces to " + options.tracesUrl());
    return new OtlpTracing(options, provider);
  }

  /** A ledger that forwards every record to {@code ledger} and then exports it as a span. */
  public Ledger tracing(Ledger ledger) {
    return new ObservedLedger(ledger, spans, "OtlpTracing");
  }

  /**
   * Exports every span queued so far. False if that did not finish within the export timeout; a
   * collector that refused the spans is logged by the exporter, not reported here.
   */
  public boolean flush() {
    return await(provider.forceFlush(), "flushing spans");
  }

  /** Exports what is queued (waiting at most the export timeout) and stops. */
  @Override
  public void close() {
    await(provider.shutdown(), "shutting down the span exporter");
  }

  private boolean await(CompletableResultCode result, String what) {
    result.join(options.exportTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!result.isSuccess()) {
      LOG.log(Level.WARNING, what + " to " + options.tracesUrl() + " did not succeed");
      return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return "OtlpTracing[" + options.tracesUrl() + "]";
  }
}
