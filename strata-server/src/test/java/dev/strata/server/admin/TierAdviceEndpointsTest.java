package dev.strata.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.advice.AdviceOptions;
import dev.strata.core.advice.PriceIds;
import dev.strata.core.advice.TierAdvisor;
import dev.strata.core.advice.TierUsage;
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
import dev.strata.core.money.PriceBookLoader;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /admin/tiers/recommendations} over real HTTP, on ledger records in memory and the
 * shipped price book: a key that never streams GPT-4o would save by batching; a model kept busy
 * around the clock (Claude 3.5 Haiku on Bedrock) would save with provisioned throughput.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TierAdviceEndpointsTest {
  private static final String ADMIN = "sk-strata-admin-test";
  private static final String GPT = "gpt-4o";
  private static final String HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final List<UsageRecord> records = new ArrayList<>();
  private static Vertx vertx;
  private static RequestExecutor executor;
  private static HttpServer server;

  @BeforeAll
  static void start() {
    Principal etl = new Principal("key-etl", "acme", "data", "etl", Map.of());
    Principal bot = new Principal("key-bot", "acme", "support", "bot", Map.of());
    for (int i = 0; i < 3; i++) {
      // $2.50 x 1M + $10 x 100k = $3.50 on demand; $1.25 x 1M + $5 x 100k = $1.75 as batch.
      records.add(
          record(etl, GPT, START.plus(Duration.ofMinutes(10 + i)), false, 1_000_000, 100_000, "3.50"));
    }
    for (int hour = 0; hour < 4; hour++) {
      // Each hour a full unit's 6M tokens: $0.80 x 4.5M + $4 x 1.5M = $9.60 on demand.
      records.add(
          record(bot, HAIKU, START.plus(Duration.ofHours(hour)), true, 4_500_000, 1_500_000, "9.60"));
    }
    vertx = Vertx.vertx();
    executor = new RequestExecutor(16);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    BlockingEndpoints endpoints = new BlockingEndpoints(executor, new OpenAiErrors(), clock, 65_536);
    var prices = PriceBookLoader.shipped();
    TierAdvisor advisor =
        new TierAdvisor(
            TierUsage.of(() -> records),
            prices,
            PriceIds.of(Map.of(), prices),
            AdviceOptions.DEFAULTS);
    Router router = Router.router(vertx);
    new TierAdviceEndpoints(new Admin(), advisor, clock).mount(router, endpoints);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    server.close().await();
    executor.close();
    vertx.close().await();
  }

  private static UsageRecord record(
      Principal key, String model, Instant at, boolean streamed, long in, long out, String usd) {
    return new UsageRecord(
        "tiers-" + records.size(),
        at,
        at.plusSeconds(2),
        key,
        "openai",
        "chat",
        model,
        model,
        "test",
        Usage.of(in, out),
        UsageSource.PROVIDER,
        Money.ofUsd(usd),
        model + "@test",
        Tier.ON_DEMAND,
        streamed,
        "ok",
        200,
        2000,
        OptionalLong.empty());
  }

  private static HttpResponse<String> get(String query, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create(
                "http://127.0.0.1:" + server.actualPort() + "/admin/tiers/recommendations" + query));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void recommendations_listBatchKeysAndProvisionedModelsWithExactFigures() throws Exception {
    HttpResponse<String> response =
        get("?since=2025-03-01T00:00:00Z&until=2025-03-01T04:00:00Z", ADMIN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("tier_recommendations");
    assertThat(body.path("price_book").asText()).isNotBlank();

    JsonNode batch = body.path("batch");
    assertThat(batch.path("latency_tolerant_share").asText()).isEqualTo("0.8");
    assertThat(batch.path("keys_considered").asLong()).isEqualTo(2);
    assertThat(batch.path("saving_usd").asText()).isEqualTo("5.25");
    assertThat(batch.path("data")).hasSize(1);
    JsonNode etl = batch.path("data").get(0);
    assertThat(etl.path("key_id").asText()).isEqualTo("key-etl");
    assertThat(etl.path("team").asText()).isEqualTo("data");
    assertThat(etl.path("not_streamed_share").asText()).isEqualTo("1.0000");
    assertThat(etl.path("on_demand_cost_usd").asText()).isEqualTo("10.5");
    assertThat(etl.path("batch_cost_usd").asText()).isEqualTo("5.25");
    assertThat(etl.path("saving_micros").asLong()).isEqualTo(5_250_000);
    JsonNode gpt = etl.path("models").get(0);
    assertThat(gpt.path("model").asText()).isEqualTo(GPT);
    assertThat(gpt.path("requests").asLong()).isEqualTo(3);
    assertThat(gpt.path("price_references").get(0).asText())
        .isEqualTo("gpt-4o@2024-08-06 (https://openai.com/api/pricing)");

    JsonNode provisioned = body.path("provisioned");
    assertThat(provisioned.path("hours").asLong()).isEqualTo(4);
    assertThat(provisioned.path("sizing_percentile").asInt()).isEqualTo(50);
    assertThat(provisioned.path("data")).hasSize(1);
    JsonNode haiku = provisioned.path("data").get(0);
    assertThat(haiku.path("model").asText()).isEqualTo(HAIKU);
    assertThat(haiku.path("price_reference").asText()).startsWith(HAIKU + "@").contains("provisioned");
    assertThat(haiku.path("p50_tokens_per_minute").asText()).isEqualTo("100000");
    assertThat(haiku.path("model_units").asLong()).isEqualTo(1);
    assertThat(haiku.path("utilisation").asText()).isEqualTo("1.000000");
    assertThat(haiku.path("carried_on_demand_cost_usd").asText()).isEqualTo("38.4");
    // 4 hours x 1 unit at $4.80 / $3.60 / $2.64 an hour against $38.40 on demand.
    assertThat(haiku.path("terms").findValuesAsText("commitment"))
        .containsExactly("None", "OneMonth", "SixMonths");
    assertThat(haiku.path("terms").findValuesAsText("saving_usd"))
        .containsExactly("19.2", "24", "27.84");
    assertThat(haiku.path("terms").findValuesAsText("break_even_utilisation"))
        .containsExactly("0.500000", "0.375000", "0.275000");
    assertThat(haiku.path("recommended_commitment").asText()).isEqualTo("SixMonths");
    assertThat(provisioned.path("saving_usd").asText()).isEqualTo("27.84");
  }

  @Test
  void recommendations_lookBackThirtyDaysByDefault() throws Exception {
    HttpResponse<String> response = get("", ADMIN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("since").asText()).isEqualTo("2025-02-08T12:00:00Z");
    assertThat(body.path("until").asText()).isEqualTo("2025-03-10T12:00:00Z");
    assertThat(body.path("provisioned").path("hours").asLong()).isEqualTo(30 * 24);
    assertThat(body.path("batch").path("data").get(0).path("key_id").asText()).isEqualTo("key-etl");
  }

  @Test
  void recommendations_needTheAdminKey() throws Exception {
    HttpResponse<String> none = get("", null);
    HttpResponse<String> wrong = get("", "sk-strata-admin-wrong");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(wrong.body()).path("error").path("message").asText())
        .isEqualTo("Incorrect admin key provided.");
  }

  @Test
  void recommendations_refuseUnknownParametersAndAnEmptyPeriod_namingThem() throws Exception {
    HttpResponse<String> typo = get("?sinse=7d", ADMIN);
    HttpResponse<String> backwards = get("?since=2025-03-02&until=2025-03-01", ADMIN);
    HttpResponse<String> garbled = get("?since=yesterday", ADMIN);

    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(typo.body()).path("error").path("param").asText()).isEqualTo("sinse");
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(backwards.body()).path("error").path("param").asText()).isEqualTo("since");
    assertThat(garbled.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(garbled.body()).path("error").path("message").asText())
        .contains("'since' must be an ISO instant");
  }

  /** Knows the admin secret; nothing else of the admin port is used. */
  private static final class Admin implements AdminApi {
    @Override
    public boolean isAdminSecret(String secret) {
      return ADMIN.equals(secret);
    }

    @Override
    public IssuedKey createKey(NewKey request) {
      throw new UnsupportedOperationException("not used");
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
      return List.of();
    }
  }
}
