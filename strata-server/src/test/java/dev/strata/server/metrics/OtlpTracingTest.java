package dev.strata.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.testing.InMemoryLedger;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans exported over OTLP/HTTP to a collector stand-in on 127.0.0.1, parsed as protobuf. */
class OtlpTracingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** One POST the collector stand-in received. */
  record Export(String method, String path, String contentType, String apiKey, byte[] body) {}

  private final BlockingQueue<Export> exports = new LinkedBlockingQueue<>();
  private final HttpServer collector = startCollector();
  private final InMemoryLedger stored = new InMemoryLedger();

  @AfterEach
  void stop() {
    collector.stop(0);
  }

  @Test
  void eachSettledRequestBecomesOneSpanWithGenAiAttributes() throws Exception {
    UsageRecord ok =
        Records.stream("gpt-4o", new Usage(100, 20, 300, 40, 10), Money.ofMicros(250), 3_000, 450);
    UsageRecord failed = Records.failed("gpt-4o", "gpt-4o", "upstream_timeout", 504);
    try (OtlpTracing tracing = OtlpTracing.start(options(collectorUrl()))) {
      Ledger ledger = tracing.tracing(stored);
      ledger.append(ok);
      ledger.append(failed);
    }

    assertThat(stored.records()).containsExactly(ok, failed);
    Export export = exports.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(export).isNotNull();
    assertThat(export.method()).isEqualTo("POST");
    assertThat(export.path()).isEqualTo("/v1/traces");
    assertThat(export.contentType()).isEqualTo("application/x-protobuf");
    assertThat(export.apiKey()).isEqualTo("collector-secret");
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(export.body());
    assertThat(serviceName(request)).isEqualTo("strata-test");
    List<Span> spans = spans(request);
    assertThat(spans).hasSize(2);

    Span okSpan = spans.get(0);
    assertThat(okSpan.getName()).isEqualTo("chat gpt-4o");
    assertThat(okSpan.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(okSpan.getStartTimeUnixNano()).isEqualTo(nanos(ok.startedAt()));
    assertThat(okSpan.getEndTimeUnixNano()).isEqualTo(nanos(ok.startedAt().plusMillis(3_000)));
    assertThat(okSpan.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    Map<String, AnyValue> attributes = attributes(okSpan);
    assertThat(attributes.get("gen_ai.operation.name").getStringValue()).isEqualTo("chat");
    assertThat(attributes.get("gen_ai.request.model").getStringValue()).isEqualTo("gpt-4o");
    assertThat(attributes.get("gen_ai.response.model").getStringValue()).isEqualTo("gpt-4o");
    assertThat(attributes.get("gen_ai.provider.name").getStringValue()).isEqualTo("fake");
    assertThat(attributes.get("gen_ai.usage.input_tokens").getIntValue()).isEqualTo(450);
    assertThat(attributes.get("gen_ai.usage.output_tokens").getIntValue()).isEqualTo(20);
    assertThat(attributes.get("gen_ai.usage.cache_read.input_tokens").getIntValue())
        .isEqualTo(300);
    assertThat(attributes.get("gen_ai.usage.cache_creation.input_tokens").getIntValue())
        .isEqualTo(50);
    assertThat(attributes.get("strata.cost_usd").getStringValue()).isEqualTo("0.00025");
    assertThat(attributes.get("strata.request_id").getStringValue()).isEqualTo(ok.requestId());
    assertThat(attributes.get("strata.time_to_first_token_ms").getIntValue()).isEqualTo(450);
    assertThat(attributes).doesNotContainKey("error.type");

    Span failedSpan = spans.get(1);
    assertThat(failedSpan.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(attributes(failedSpan).get("error.type").getStringValue())
        .isEqualTo("upstream_timeout");
    assertThat(attributes(failedSpan).get("http.response.status_code").getIntValue())
        .isEqualTo(504);
    assertThat(okSpan.getTraceId()).isNotEqualTo(failedSpan.getTraceId());
  }

  @Test
  void flushExportsQueuedSpansWithoutClosing() throws Exception {
    try (OtlpTracing tracing = OtlpTracing.start(options(collectorUrl()))) {
      tracing.tracing(stored).append(Records.chat("gpt-4o-mini", Usage.of(1, 1), Money.ZERO, 5));

      assertThat(tracing.flush()).isTrue();

      Export export = exports.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(export).isNotNull();
      assertThat(spans(ExportTraceServiceRequest.parseFrom(export.body())))
          .extracting(Span::getName)
          .containsExactly("chat gpt-4o-mini");
    }
  }

  @Test
  void aCollectorThatIsDownNeverFailsTheLedger() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    TracingOptions options =
        new TracingOptions(
            URI.create("http://127.0.0.1:" + closedPort),
            "strata-test",
            Map.of(),
            Duration.ofSeconds(1),
            16);
    UsageRecord record = Records.chat("gpt-4o", Usage.of(1, 1), Money.ZERO, 5);
    try (OtlpTracing tracing = OtlpTracing.start(options)) {
      tracing.tracing(stored).append(record);
      tracing.flush(); // the export fails (and is logged); the request path never sees it
    }

    assertThat(stored.records()).containsExactly(record);
  }

  @Test
  void aBaseEndpointGetsTheTracesPathAndAFullOneIsKept() {
    assertThat(TracingOptions.of(URI.create("http://collector:4318")).tracesUrl())
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(TracingOptions.of(URI.create("http://collector:4318/")).tracesUrl())
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(TracingOptions.of(URI.create("https://otel.example/otlp/v1/traces")).tracesUrl())
        .isEqualTo("https://otel.example/otlp/v1/traces");
  }

  @Test
  void optionsNeverShowHeaderValuesAndRejectWhatCannotWork() {
    TracingOptions options = options(URI.create("http://collector:4318"));

    assertThat(options.toString()).contains("x-api-key").doesNotContain("collector-secret");
    assertThatThrownBy(() -> TracingOptions.of(URI.create("grpc://collector:4317")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("telemetry.otlp.endpoint");
    assertThatThrownBy(() -> TracingOptions.of(URI.create("http://user:secret@collector:4318")))
        .hasMessageContaining("telemetry.otlp.headers");
    assertThatThrownBy(
            () ->
                new TracingOptions(
                    URI.create("http://collector:4318"), "strata", Map.of(), Duration.ZERO, 16))
        .hasMessageContaining("exportTimeout");
    assertThatThrownBy(
            () ->
                new TracingOptions(
                    URI.create("http://collector:4318"),
                    "strata",
                    Map.of(),
                    Duration.ofSeconds(1),
                    0))
        .hasMessageContaining("maxQueueSize");
  }

  private static TracingOptions options(URI endpoint) {
    return new TracingOptions(
        endpoint, "strata-test", Map.of("x-api-key", "collector-secret"), WAIT, 64);
  }

  private URI collectorUrl() {
    return URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
  }

  private HttpServer startCollector() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exports.add(
                new Export(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("x-api-key"),
                    body));
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String serviceName(ExportTraceServiceRequest request) {
    return request.getResourceSpans(0).getResource().getAttributesList().stream()
        .filter(kv -> kv.getKey().equals("service.name"))
        .map(kv -> kv.getValue().getStringValue())
        .findFirst()
        .orElseThrow();
  }

  private static List<Span> spans(ExportTraceServiceRequest request) {
    List<Span> spans = new ArrayList<>();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        spans.addAll(scope.getSpansList());
      }
    }
    return spans;
  }

  private static Map<String, AnyValue> attributes(Span span) {
    Map<String, AnyValue> attributes = new java.util.HashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      attributes.put(kv.getKey(), kv.getValue());
    }
    return attributes;
  }

  private static long nanos(Instant instant) {
    return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
  }

}
