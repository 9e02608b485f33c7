package dev.strata.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.RequestExecutor;
import dev.strata.server.openai.OpenAiErrors;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /admin/requests} over real HTTP, with the admin port faked. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecentRequestsEndpointTest {
  private static final String ADMIN = "sk-strata-admin-test";
  private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Vertx vertx;
  private static RequestExecutor executor;
  private static HttpServer server;
  private static final LedgerAdmin admin = new LedgerAdmin();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    executor = new RequestExecutor(16);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    BlockingEndpoints endpoints = new BlockingEndpoints(executor, new OpenAiErrors(), clock, 65_536);
    Router router = Router.router(vertx);
    new RecentRequestsEndpoint(admin, endpoints).mount(router);
    Router bare = Router.router(vertx);
    new RecentRequestsEndpoint(new WithoutLedger(), endpoints).mount(bare);
    router.route("/bare/*").subRouter(bare);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    server.close().await();
    executor.close();
    vertx.close().await();
  }

  @BeforeEach
  void forget() {
    admin.askedLimit.set(-1);
  }

  @Test
  void latest_newestFirst_withExactCostsAndAttribution() throws Exception {
    HttpResponse<String> response = get("/admin/requests?limit=3", ADMIN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(admin.askedLimit.get()).isEqualTo(3);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("list");
    assertThat(body.path("limit").asInt()).isEqualTo(3);
    JsonNode data = body.path("data");
    assertThat(data).hasSize(3);
    assertThat(data.get(0).path("request_id").asText()).isEqualTo("req-0");
    assertThat(data.get(2).path("request_id").asText()).isEqualTo("req-2");
    JsonNode first = data.get(0);
    assertThat(first.path("cost_usd").asText()).isEqualTo("0.000001000003");
    assertThat(first.path("cost_pico").asLong()).isEqualTo(1_000_003);
    assertThat(first.path("key_id").asText()).isEqualTo("key_a");
    assertThat(first.path("team").asText()).isEqualTo("search");
    assertThat(first.path("tags").path("env").asText()).isEqualTo("prod");
    assertThat(first.path("requested_model").asText()).isEqualTo("gpt-4o");
    assertThat(first.path("served_model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(first.path("input_tokens").asLong()).isEqualTo(1000);
    assertThat(first.path("cache_read_tokens").asLong()).isEqualTo(200);
    assertThat(first.path("cache_write_5m_tokens").asLong()).isEqualTo(30);
    assertThat(first.path("response_cache").asText()).isEqualTo("none");
    assertThat(first.path("ttft_ms").isNull()).isTrue();
    assertThat(data.get(1).path("ttft_ms").asLong()).isEqualTo(42);
    assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
  }

  @Test
  void limit_defaultsToFifty() throws Exception {
    assertThat(get("/admin/requests", ADMIN).statusCode()).isEqualTo(200);
    assertThat(admin.askedLimit.get()).isEqualTo(RecentRequestsEndpoint.DEFAULT_LIMIT);
  }

  @Test
  void limit_outOfRangeOrNotANumber_isRefusedNamingIt() throws Exception {
    for (String limit : List.of("0", "1001", "abc", "99999999999", "-5")) {
      HttpResponse<String> response = get("/admin/requests?limit=" + limit, ADMIN);

      assertThat(response.statusCode()).as(limit).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body()).path("error");
      assertThat(error.path("param").asText()).isEqualTo("limit");
      assertThat(error.path("message").asText()).contains("1 to 1000");
    }
    assertThat(admin.askedLimit.get()).isEqualTo(-1);
  }

  @Test
  void unknownParameter_isRefusedNamingIt() throws Exception {
    HttpResponse<String> response = get("/admin/requests?limt=5", ADMIN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("error").path("param").asText()).isEqualTo("limt");
  }

  @Test
  void withoutTheAdminKey_nothingIsRead() throws Exception {
    HttpResponse<String> none = get("/admin/requests", null);
    HttpResponse<String> wrong = get("/admin/requests", "sk-strata-not-admin");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(wrong.body()).path("error").path("message").asText())
        .isEqualTo("Incorrect admin key provided.");
    assertThat(admin.askedLimit.get()).isEqualTo(-1);
  }

  @Test
  void adminPortWithoutALedger_answersNotFound() throws Exception {
    HttpResponse<String> response = get("/bare/admin/requests", ADMIN);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("unsupported");
  }

  private static HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An admin port whose ledger holds ten records, newest first, that remembers the limit asked. */
  private static final class LedgerAdmin extends WithoutLedger {
    final AtomicInteger askedLimit = new AtomicInteger(-1);

    @Override
    public List<UsageRecord> latestRecords(int limit) {
      askedLimit.set(limit);
      List<UsageRecord> records = new ArrayList<>();
      for (int i = 0; i < Math.min(limit, 10); i++) {
        records.add(record(i));
      }
      return records;
    }

    private static UsageRecord record(int i) {
      Instant at = NOW.minusSeconds(i);
      return new UsageRecord(
          "req-" + i,
          at,
          at.plusMillis(300),
          new Principal("key_a", "acme", "search", "web", Map.of("env", "prod")),
          "openai",
          "chat",
          "gpt-4o",
          "gpt-4o-mini",
          "openai",
          new Usage(1000, 3, 200, 30, 0),
          UsageSource.PROVIDER,
          Money.ofPico(1_000_003L),
          "gpt-4o-mini@2025-01-01 (test)",
          Tier.ON_DEMAND,
          i % 2 == 1,
          "ok",
          200,
          300,
          i % 2 == 1 ? OptionalLong.of(42) : OptionalLong.empty());
    }
  }

  /** An admin port that keeps the default: no latest records. */
  private static class WithoutLedger implements AdminApi {
    @Override
    public boolean isAdminSecret(String secret) {
      return ADMIN.equals(secret);
    }

    @Override
    public IssuedKey createKey(NewKey request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ApiKey> listKeys() {
      return List.of();
    }

    @Override
    public boolean revokeKey(String id) {
      return false;
    }

    @Override
    public List<CostRow> costs(CostQuery query) {
      throw new UnsupportedOperationException();
    }
  }
}
