package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.budget.WebhookAlertSink;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Money;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets and rate limits through the whole program: budgets created with the admin API hold under
 * 500 concurrent requests, soft budgets alert each threshold once through a signed webhook, and
 * refusals come in each caller's wire format.
 */
@Timeout(180)
class SpendControlsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // gpt-4o-mini: input $0.15/1M, output $0.60/1M: 1000 × 0.15 + 200 × 0.60 = 270 µ$ per request.
  private static final Money COST_PER_REQUEST = Money.ofUsd("0.00027");
  // About 900 tokens, so the reservation's input estimate covers the 1000 the mock reports.
  private static final String PROMPT = "word ".repeat(900);
  private static final String WEBHOOK_SECRET = "whsec-test";

  @TempDir Path dir;
  private MockOpenAiUpstream upstream;
  private HttpServer webhookReceiver;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private TestDeployment deployment;
  private String admin;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private record Delivery(String signature, String body) {}

  @BeforeEach
  void start() throws Exception {
    upstream =
        MockOpenAiUpstream.start(
            MockSettings.DEFAULTS.withUsage(1000, 200, 0).withLatency(Duration.ofMillis(50)));
    webhookReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhookReceiver.createContext(
        "/hook",
        exchange -> {
          deliveries.add(
              new Delivery(
                  exchange.getRequestHeaders().getFirst("X-Strata-Signature"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    webhookReceiver.start();
    deployment =
        new TestDeployment(
            dir,
            TestDeployment.mockProvider(upstream.baseUrl())
                + "local:\n  enabled: false\n"
                + "budgets:\n  timeZone: Europe/Oslo\n  alertWebhooks:\n"
                + "    - url: http://127.0.0.1:" + webhookReceiver.getAddress().getPort() + "/hook\n"
                + "      secret: " + WEBHOOK_SECRET + "\n");
    deployment.start();
    admin = deployment.adminSecret();
  }

  @AfterEach
  void stop() {
    deployment.close();
    upstream.close();
    webhookReceiver.stop(0);
  }

  @Test
  void hardBudget_holdsUnder500ConcurrentRequests() throws Exception {
    Key key = newKey();
    Money limit = COST_PER_REQUEST.times(100);
    adminPost("/admin/budgets", """
        {"name": "burst guard", "scope": "key:%s", "period": "daily", "limit_usd": "%s",
         "enforcement": "hard"}""".formatted(key.id(), limit.toUsd().toPlainString()));

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      calls.add(http.sendAsync(openAiChat(key.secret()), HttpResponse.BodyHandlers.ofString()));
    }
    int served = 0;
    int refused = 0;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.join();
      if (response.statusCode() == 200) {
        served++;
      } else {
        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.path("message").asText()).contains("burst guard");
        refused++;
      }
    }

    Money settled = settledSpend(key.id());
    assertThat(settled).isLessThanOrEqualTo(limit);
    assertThat(served).isBetween(1, 100);
    assertThat(refused).isEqualTo(500 - served);
    assertThat(settled).isEqualTo(COST_PER_REQUEST.times(served));
    JsonNode budget = adminGet("/admin/budgets").path("data").get(0);
    assertThat(budget.path("reserved_usd").asText()).isEqualTo("0");
    assertThat(Money.ofUsd(budget.path("spent_usd").asText())).isEqualTo(settled);
  }

  @Test
  void softBudget_neverRefusesAndAlertsEachThresholdOnce() throws Exception {
    Key key = newKey();
    adminPost("/admin/budgets", """
        {"name": "soft watch", "scope": "key:%s", "period": "monthly",
         "limit_usd": "%s", "enforcement": "soft", "alert_percents": [50, 80, 100]}"""
        .formatted(key.id(), COST_PER_REQUEST.times(10).toUsd().toPlainString()));

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(http.sendAsync(openAiChat(key.secret()), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      assertThat(call.join().statusCode()).isEqualTo(200);
    }
    deployment.close(); // drains the webhook queue

    assertThat(deliveries).hasSize(3);
    List<Integer> thresholds = new ArrayList<>();
    for (Delivery delivery : deliveries) {
      JsonNode alert = JSON.readTree(delivery.body());
      thresholds.add(alert.path("threshold_percent").asInt());
      assertThat(alert.path("budget").path("name").asText()).isEqualTo("soft watch");
      String timestamp = delivery.signature().replaceAll("^t=(\\d+),v1=.*$", "$1");
      assertThat(delivery.signature())
          .endsWith(
              "v1=" + WebhookAlertSink.sign(WEBHOOK_SECRET, Long.parseLong(timestamp), delivery.body()));
    }
    assertThat(thresholds).containsExactlyInAnyOrder(50, 80, 100);
  }

  @Test
  void rateLimit_refusesWithRetryAfterInEveryWireFormat() throws Exception {
    adminPost("/admin/rate-limits", "{\"scope\": \"key:*\", \"rpm\": 2}");
    String openAiKey = newKey().secret();
    String anthropicKey = newKey().secret();
    String bedrockKey = newKey().secret();

    HttpResponse<String> openAi = third(openAiChat(openAiKey));
    HttpResponse<String> anthropic = third(anthropicMessage(anthropicKey));
    HttpResponse<String> bedrock = third(bedrockConverse(bedrockKey));

    for (HttpResponse<String> refused : List.of(openAi, anthropic, bedrock)) {
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValueAsLong("retry-after").orElseThrow()).isBetween(1L, 60L);
    }
    assertThat(JSON.readTree(openAi.body()).path("error").path("code").asText())
        .isEqualTo("rate_limit_exceeded");
    assertThat(JSON.readTree(anthropic.body()).path("error").path("type").asText())
        .isEqualTo("rate_limit_error");
    assertThat(bedrock.headers().firstValue("x-amzn-ErrorType").orElseThrow())
        .startsWith("ThrottlingException");
  }

  @Test
  void budgetRefusal_speaksEachWireFormat() throws Exception {
    Key key = newKey();
    adminPost("/admin/budgets", """
        {"name": "tiny", "scope": "key:%s", "limit_usd": "0.000001"}""".formatted(key.id()));

    HttpResponse<String> bedrock =
        http.send(bedrockConverse(key.secret()), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> anthropic =
        http.send(anthropicMessage(key.secret()), HttpResponse.BodyHandlers.ofString());

    assertThat(bedrock.statusCode()).isEqualTo(400);
    assertThat(bedrock.headers().firstValue("x-amzn-ErrorType").orElseThrow())
        .startsWith("ServiceQuotaExceededException");
    assertThat(JSON.readTree(bedrock.body()).path("message").asText()).contains("Budget 'tiny'");
    assertThat(anthropic.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(anthropic.body()).path("error").path("message").asText())
        .contains("Budget 'tiny'");
    assertThat(upstream.requestCount()).isZero();
  }

  private HttpResponse<String> third(HttpRequest request) throws IOException, InterruptedException {
    for (int i = 0; i < 2; i++) {
      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest openAiChat(String key) {
    String body =
        """
        {"model": "gpt-4o-mini", "max_tokens": 200,
         "messages": [{"role": "user", "content": "%s"}]}"""
            .formatted(PROMPT);
    return post(deployment.baseUrl() + "/chat/completions", key, body).build();
  }

  private HttpRequest anthropicMessage(String key) {
    String body =
        """
        {"model": "gpt-4o-mini", "max_tokens": 16, "messages": [{"role": "user", "content": "Hi"}]}""";
    return HttpRequest.newBuilder(URI.create(deployment.serverUrl() + "/v1/messages"))
        .header("x-api-key", key)
        .header("anthropic-version", "2023-06-01")
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpRequest bedrockConverse(String key) {
    String body =
        """
        {"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "inferenceConfig": {"maxTokens": 16}}""";
    return post(deployment.serverUrl() + "/model/gpt-4o-mini/converse", key, body).build();
  }

  private static HttpRequest.Builder post(String url, String bearer, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + bearer)
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private JsonNode adminPost(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(post(deployment.serverUrl() + path, admin, body).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private JsonNode adminGet(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(deployment.serverUrl() + path))
                .header("Authorization", "Bearer " + admin)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** A new virtual key, created through the admin API. */
  private Key newKey() throws IOException, InterruptedException {
    JsonNode created = adminPost("/admin/keys", "{\"name\": \"spender\"}");
    return new Key(created.path("id").asText(), created.path("key").asText());
  }

  private record Key(String id, String secret) {}

  private Money settledSpend(String keyId) {
    deployment.strata().ledger().flush();
    try (Database database = Database.open(deployment.config().storeUrl())) {
      Money total = Money.ZERO;
      for (UsageRecord record : new SqlLedgerReader(database).latest(10_000)) {
        if (record.principal().keyId().equals(keyId)) {
          total = total.plus(record.cost());
        }
      }
      return total;
    }
  }
}
