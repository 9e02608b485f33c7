package dev.strata.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.NewKey;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.path.Authenticate;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.RequestLimits;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.path.Validate;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.ScriptedReply;
import dev.strata.server.Gateway;
import dev.strata.server.ServerOptions;
import dev.strata.server.StrataServer;
import dev.strata.server.admin.AdminApi;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on the real server, in front of the real request path with the metering
 * ledger in its settle step: what a chat settles shows up in the next scrape.
 */
class MetricsEndpointTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Vertx vertx = Vertx.vertx();
  private final Clock clock = Clock.systemUTC();
  private final InMemoryLedger stored = new InMemoryLedger();
  private final StrataMetrics metrics = new StrataMetrics(new MetricsOptions(200, false));
  private final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  private final String apiKey =
      keys.create(new NewKey("test", "acme", "search", "web", Map.of())).secret();
  private StrataServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close(Duration.ofSeconds(5));
    }
    vertx.close().await();
    metrics.close();
  }

  @Test
  void aScrapeShowsTheRequestsSettledBeforeIt() throws Exception {
    start(Optional.of(new MetricsEndpoint(metrics, Optional.empty())));

    assertThat(postChat("gpt-4o", false).statusCode()).isEqualTo(200);
    assertThat(postChat("no-such-model", false).statusCode()).isEqualTo(404);
    HttpResponse<String> response = get("/metrics", Optional.empty());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText text = new PrometheusText(response.body());
    Map<String, String> ok =
        Map.of(
            "gen_ai_request_model", "gpt-4o",
            "gen_ai_response_model", "gpt-4o",
            "gen_ai_provider_name", "fake",
            "strata_wire_format", "openai",
            "error_type", "");
    assertThat(text.value("strata_requests_total", ok)).isEqualTo(1);
    assertThat(
            text.value(
                "strata_requests_total",
                Map.of("gen_ai_request_model", "no-such-model", "error_type", "not_found")))
        .isEqualTo(1);
    Map<String, String> input =
        Map.of("gen_ai_request_model", "gpt-4o", "gen_ai_token_type", "input");
    assertThat(text.value("gen_ai_client_token_usage_sum", input)).isEqualTo(12);
    UsageRecord settled =
        stored.records().stream().filter(UsageRecord::isSuccess).findFirst().orElseThrow();
    assertThat(settled.cost().isZero()).isFalse();
    assertThat(text.value("strata_cost_usd_total", Map.of("gen_ai_request_model", "gpt-4o")))
        .isEqualTo(settled.cost().toUsd().doubleValue());
  }

  @Test
  void aStreamedChatRecordsItsTimeToFirstToken() throws Exception {
    start(Optional.of(new MetricsEndpoint(metrics, Optional.empty())));

    HttpResponse<String> stream = postChat("gpt-4o", true);

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.body()).contains("data: [DONE]");
    PrometheusText text =
        awaitScrape(
            scrape ->
                !scrape
                    .find("gen_ai_server_time_to_first_token_seconds_count", Map.of())
                    .isEmpty());
    assertThat(
            text.value(
                "gen_ai_server_time_to_first_token_seconds_count",
                Map.of("gen_ai_request_model", "gpt-4o")))
        .isEqualTo(1);
  }

  @Test
  void aConfiguredTokenIsRequiredToScrape() throws Exception {
    start(Optional.of(new MetricsEndpoint(metrics, Optional.of("scrape-secret"))));

    assertThat(get("/metrics", Optional.empty()).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", Optional.of("wrong")).statusCode()).isEqualTo(401);
    HttpResponse<String> allowed = get("/metrics", Optional.of("scrape-secret"));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
  }

  @Test
  void withoutAMetricsEndpointThereIsNoMetricsRoute() throws Exception {
    start(Optional.empty());

    assertThat(get("/metrics", Optional.empty()).statusCode()).isEqualTo(404);
  }

  private void start(Optional<MetricsEndpoint> endpoint) {
    FakeProvider provider =
        new FakeProvider("fake")
            .replyToAnyModel(ScriptedReply.text("hello there", Usage.of(12, 3)));
    ProviderRegistry providers = new ProviderRegistry(List.of(provider));
    ModelCatalog catalog =
        new ModelCatalog(
            List.of(
                new ModelEntry(
                    "gpt-4o",
                    "fake",
                    "gpt-4o-2024-08-06",
                    new PriceSource.Listed("gpt-4o"),
                    OptionalInt.empty(),
                    false)),
            Map.of());
    KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofMinutes(5));
    RequestPath path =
        new RequestPath(
            List.of(
                new Authenticate(authenticator),
                new Validate(RequestLimits.DEFAULTS),
                new Settle(metrics.metering(stored), clock),
                new Meter(new CostMeter(PriceBookLoader.shipped(), providers)),
                new Route(catalog),
                new Invoke(providers)));
    Gateway gateway = new Gateway(path, authenticator, catalog, clock, unusedAdminApi());
    server =
        StrataServer.start(
            vertx,
            ServerOptions.of("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30)),
            gateway,
            endpoint);
  }

  /** The admin API is not under test here; any call to it fails the test loudly. */
  private static AdminApi unusedAdminApi() {
    return (AdminApi)
        Proxy.newProxyInstance(
            AdminApi.class.getClassLoader(),
            new Class<?>[] {AdminApi.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException("admin API not under test: " + method);
            });
  }

  private PrometheusText awaitScrape(Predicate<PrometheusText> ready) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      PrometheusText text = new PrometheusText(get("/metrics", Optional.empty()).body());
      if (ready.test(text)) {
        return text;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the scrape never showed what was awaited:\n" + text.text());
      }
      Thread.onSpinWait();
    }
  }

  private HttpResponse<String> postChat(String model, boolean stream)
      throws IOException, InterruptedException {
    String body =
        "{\"model\":\""
            + model
            + "\",\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    return CLIENT.send(
        request("/v1/chat/completions")
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, Optional<String> token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path).GET();
    token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(WAIT);
  }
}
