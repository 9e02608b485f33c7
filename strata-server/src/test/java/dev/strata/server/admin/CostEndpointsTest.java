package dev.strata.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.CostDimension;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostFilter;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.SavingsReport;
import dev.strata.core.ledger.SavingsRow;
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
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The explorer, savings and export routes over real HTTP, with the admin port faked. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CostEndpointsTest {
  private static final String ADMIN = "sk-strata-admin-test";
  private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  private static final int EXPORTED = 12_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Vertx vertx;
  private static RequestExecutor executor;
  private static HttpServer server;
  private static final FakeAdmin admin = new FakeAdmin();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    executor = new RequestExecutor(16);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    BlockingEndpoints endpoints = new BlockingEndpoints(executor, new OpenAiErrors(), clock, 65_536);
    Router router = Router.router(vertx);
    new AdminFrontend(admin, endpoints, clock).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    server.close().await();
    executor.close();
    vertx.close().await();
  }

  @Test
  void explorer_readsGroupingsFiltersAndZone_andAnswersExactMoney() throws Exception {
    HttpResponse<String> response =
        get("/admin/costs?since=2025-03-01&until=2025-03-03&by=day,tag:env,served_model"
            + "&tz=Europe/Paris&model=gpt-4o-mini,auto&tag=env:prod&tag=env:dev&cache=read", ADMIN);

    assertThat(response.statusCode()).isEqualTo(200);
    CostExplorerQuery query = admin.explored.get();
    assertThat(query.from()).isEqualTo(Instant.parse("2025-02-28T23:00:00Z"));
    assertThat(query.to()).isEqualTo(Instant.parse("2025-03-02T23:00:00Z"));
    assertThat(query.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(query.groupBy())
        .containsExactly(
            CostDimension.Field.DAY, new CostDimension.Tag("env"), CostDimension.Field.SERVED_MODEL);
    assertThat(query.filters())
        .containsExactlyInAnyOrder(
            CostFilter.of(CostDimension.Field.MODEL, "gpt-4o-mini", "auto"),
            CostFilter.of(new CostDimension.Tag("env"), "prod", "dev"),
            CostFilter.of(CostDimension.Field.CACHE, "read"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("source").asText()).isEqualTo("rollups_and_records");
    assertThat(body.path("time_zone").asText()).isEqualTo("Europe/Paris");
    assertThat(body.path("data").get(0).path("group").path("tag:env").asText()).isEqualTo("prod");
    assertThat(body.path("data").get(0).path("cost_usd").asText()).isEqualTo("1.000000000001");
    assertThat(body.path("data").get(0).path("cost_micros").asLong()).isEqualTo(1_000_000);
    assertThat(body.path("total").path("cost_usd").asText()).isEqualTo("1.500000000002");
    assertThat(body.path("total").path("requests").asLong()).isEqualTo(5);
    assertThat(body.path("total").path("input_tokens").asLong()).isEqualTo(300);
  }

  @Test
  void explorer_refusesUnknownParametersAndZones_namingThem() throws Exception {
    HttpResponse<String> typo = get("/admin/costs?modle=x", ADMIN);
    HttpResponse<String> zone = get("/admin/costs?tz=Mars/Olympus", ADMIN);
    HttpResponse<String> twoTimes = get("/admin/costs?by=day,month", ADMIN);
    HttpResponse<String> badTag = get("/admin/costs?tag=env", ADMIN);

    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(typo.body()).path("error").path("param").asText()).isEqualTo("modle");
    assertThat(zone.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(zone.body()).path("error").path("param").asText()).isEqualTo("tz");
    assertThat(twoTimes.statusCode()).isEqualTo(400);
    assertThat(badTag.statusCode()).isEqualTo(400);
  }

  @Test
  void savings_showsBaselineActualAndSavingsPerLever() throws Exception {
    HttpResponse<String> response = get("/admin/costs/savings?since=7d", ADMIN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("since").asText()).isEqualTo("2025-03-03T12:00:00Z");
    assertThat(body.path("total").path("savings_usd").asText()).isEqualTo("0.75");
    JsonNode routing = body.path("levers").get(0);
    assertThat(routing.path("lever").asText()).isEqualTo("routing");
    assertThat(routing.path("baseline_cost_usd").asText()).isEqualTo("2");
    assertThat(routing.path("actual_cost_usd").asText()).isEqualTo("1.25");
    assertThat(routing.path("savings_micros").asLong()).isEqualTo(750_000);
    assertThat(routing.path("unpriced_requests").asLong()).isEqualTo(1);
  }

  @Test
  void focusExport_streamsEveryRecordAsRfc4180Csv_withExactCosts() throws Exception {
    HttpResponse<InputStream> response =
        CLIENT.send(
            request("/admin/exports/focus.csv?since=2025-03-01&until=2025-03-02", ADMIN),
            HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    long lines = 0;
    BigDecimal billed = BigDecimal.ZERO;
    int billedColumn;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      List<String> header = List.of(reader.readLine().split(","));
      billedColumn = header.indexOf("BilledCost");
      assertThat(header).contains("ChargePeriodStart", "BillingPeriodEnd", "ServiceCategory", "Tags");
      String line;
      while ((line = reader.readLine()) != null) {
        lines++;
        billed = billed.add(new BigDecimal(line.split(",")[billedColumn]));
      }
    }
    assertThat(lines).isEqualTo(EXPORTED);
    assertThat(billed).isEqualByComparingTo(Money.ofPico(1_000_003L * EXPORTED).toUsd());
    assertThat(admin.exportedPeriod.get())
        .containsExactly(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-02T00:00:00Z"));
  }

  @Test
  void ledgerJsonLines_haveOneObjectPerRecord() throws Exception {
    HttpResponse<String> response = get("/admin/exports/ledger.jsonl", ADMIN);

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> lines = response.body().lines().toList();
    assertThat(lines).hasSize(EXPORTED);
    assertThat(JSON.readTree(lines.get(7)).path("cost_usd").asText()).isEqualTo("0.000001000003");
    assertThat(JSON.readTree(lines.get(7)).path("tags").path("env").asText()).isEqualTo("prod, \"eu\"");
  }

  @Test
  void costRoutes_needTheAdminKey_andExportsTakeOnlyAPeriod() throws Exception {
    assertThat(get("/admin/exports/ledger.csv", null).statusCode()).isEqualTo(401);
    assertThat(get("/admin/costs/savings", "sk-wrong").statusCode()).isEqualTo(401);
    assertThat(get("/admin/costs", null).statusCode()).isEqualTo(401);
    assertThat(get("/admin/exports/ledger.csv?by=model", ADMIN).statusCode()).isEqualTo(400);
  }

  private static HttpRequest request(String path, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(30))
            .GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request.build();
  }

  private static HttpResponse<String> get(String path, String key) throws Exception {
    return CLIENT.send(request(path, key), HttpResponse.BodyHandlers.ofString());
  }

  /** An admin port with canned answers that remembers what it was asked. */
  private static final class FakeAdmin implements AdminApi {
    final AtomicReference<CostExplorerQuery> explored = new AtomicReference<>();
    final AtomicReference<List<Instant>> exportedPeriod = new AtomicReference<>();

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
      throw new UnsupportedOperationException("the explorer replaces the legacy report");
    }

    @Override
    public CostReport explore(CostExplorerQuery query) {
      explored.set(query);
      List<String> first = query.groupBy().stream().map(d -> "prod").toList();
      List<String> second = query.groupBy().stream().map(d -> "dev").toList();
      return new CostReport(
          query,
          List.of(
              new CostRow(first, 3, 100, 10, 5, 1, Money.ofPico(1_000_000_000_001L), 1),
              new CostRow(second, 2, 200, 20, 0, 0, Money.ofPico(500_000_000_001L), 0)),
          CostReport.Source.ROLLUPS_AND_RECORDS);
    }

    @Override
    public SavingsReport savings(Instant from, Instant to) {
      SavingsRow routing = new SavingsRow("routing", 4, Money.ofUsd("2"), Money.ofUsd("1.25"), 1);
      return new SavingsReport(from, to, routing, List.of(routing));
    }

    @Override
    public long exportRecords(Instant from, Instant to, Consumer<UsageRecord> visitor) {
      exportedPeriod.set(List.of(from, to));
      for (int i = 0; i < EXPORTED; i++) {
        visitor.accept(record(i));
      }
      return EXPORTED;
    }

    private static UsageRecord record(int i) {
      Instant at = Instant.parse("2025-03-01T00:00:00Z").plusSeconds(i);
      return new UsageRecord(
          "req-" + i,
          at,
          at.plusMillis(300),
          new Principal("key_a", "acme", "search", "web", Map.of("env", "prod, \"eu\"")),
          "openai",
          "chat",
          "gpt-4o-mini",
          "gpt-4o-mini",
          "openai",
          Usage.of(1000, 3),
          UsageSource.PROVIDER,
          Money.ofPico(1_000_003L),
          "gpt-4o-mini@2025-01-01 (test)",
          Tier.ON_DEMAND,
          false,
          "ok",
          200,
          300,
          OptionalLong.empty());
    }
  }
}
