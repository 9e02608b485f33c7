package dev.strata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.app.config.ConfigLoader;
import dev.strata.app.config.StrataConfig;
import dev.strata.core.advice.AdviceOptions;
import dev.strata.core.advice.PriceIds;
import dev.strata.core.advice.TierAdvisor;
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
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import dev.strata.server.admin.AdminApi;
import dev.strata.server.admin.TierAdviceEndpoints;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.RequestExecutor;
import dev.strata.server.openai.OpenAiErrors;
import dev.strata.store.Database;
import dev.strata.store.SqlLedger;
import dev.strata.store.SqlTierUsage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strata tiers} on a data folder seeded with known records: the tables it prints from the
 * local store, and the same output through a server's {@code /admin/tiers/recommendations}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TiersCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static final String ADMIN = "sk-strata-admin-tiers";
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final String[] PERIOD = {
    "--since", "2025-03-01T00:00:00Z", "--until", "2025-03-01T04:00:00Z"
  };

  @TempDir static Path dir;

  private static Path config;
  private static Database database;
  private static Vertx vertx;
  private static RequestExecutor executor;
  private static HttpServer server;

  @BeforeAll
  static void seedAndServe() throws IOException {
    config = dir.resolve("strata.yaml");
    Files.writeString(
        config,
        """
        home: %s
        providers:
          mock:
            type: openai
            baseUrl: http://127.0.0.1:9/v1
            apiKey: sk-upstream-secret
        models:
          - name: mini
            provider: mock
            upstreamModel: gpt-4o-mini
        local:
          enabled: false
        """
            .formatted(dir.resolve("data")));
    StrataConfig loaded = ConfigLoader.load(Optional.of(config), Map.of());
    Files.createDirectories(loaded.home());
    database = Database.open(loaded.storeUrl());
    Principal etl = new Principal("key-etl", "acme", "data", "etl", Map.of());
    Principal bot = new Principal("key-bot", "acme", "support", "bot", Map.of());
    try (SqlLedger ledger = new SqlLedger(database)) {
      for (int i = 0; i < 2; i++) {
        // "mini" is priced as gpt-4o-mini: $0.15 + $0.60 on demand, $0.075 + $0.30 as batch.
        ledger.append(
            record(etl, "mini", START.plusSeconds(60 + i), false, 1_000_000, 1_000_000, "0.75"));
      }
      for (int hour = 0; hour < 4; hour++) {
        // A full Haiku unit's 6M tokens each hour: $0.80 x 4.5M + $4 x 1.5M = $9.60.
        ledger.append(
            record(bot, HAIKU, START.plus(Duration.ofHours(hour)), true, 4_500_000, 1_500_000, "9.60"));
      }
      ledger.flush();
    }

    vertx = Vertx.vertx();
    executor = new RequestExecutor(4);
    Clock clock = Clock.systemUTC();
    PriceBook prices = PriceBookLoader.shipped();
    TierAdvisor advisor =
        new TierAdvisor(
            new SqlTierUsage(database),
            prices,
            PriceIds.of(Map.of("mini", "gpt-4o-mini"), prices),
            AdviceOptions.DEFAULTS);
    Router router = Router.router(vertx);
    new TierAdviceEndpoints(new Admin(), advisor, clock)
        .mount(router, new BlockingEndpoints(executor, new OpenAiErrors(), clock, 65_536));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close().await();
    }
    if (executor != null) {
      executor.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (database != null) {
      database.close();
    }
  }

  private static int next;

  private static UsageRecord record(
      Principal key, String model, Instant at, boolean streamed, long in, long out, String usd) {
    return new UsageRecord(
        "cli-tiers-" + ++next,
        at,
        at.plusSeconds(1),
        key,
        "openai",
        "chat",
        model,
        model,
        "mock",
        Usage.of(in, out),
        UsageSource.PROVIDER,
        Money.ofUsd(usd),
        model + "@test",
        Tier.ON_DEMAND,
        streamed,
        "ok",
        200,
        1000,
        OptionalLong.empty());
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = StrataCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("tiers"));
    all.addAll(Arrays.asList(args));
    all.addAll(List.of("--config", config.toString()));
    int code = line.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run remote(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--url", "http://127.0.0.1:" + server.actualPort(), "--admin-key", ADMIN));
    return cli(all.toArray(String[]::new));
  }

  /** The printed line whose first cells are {@code cells}, split on runs of two or more spaces. */
  private static List<String> row(String out, String... cells) {
    for (String line : out.split("\\R")) {
      List<String> split = Arrays.asList(line.strip().split(" {2,}"));
      if (split.size() >= cells.length && split.subList(0, cells.length).equals(List.of(cells))) {
        return split;
      }
    }
    throw new AssertionError("no line starts with " + List.of(cells) + " in:\n" + out);
  }

  @Test
  void tiers_printsBatchCandidatesAndEachProvisionedTerm_fromTheLocalStore() {
    Run run = cli(PERIOD);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            "Tier advice from 2025-03-01T00:00:00Z to 2025-03-01T04:00:00Z (price book "
                + PriceBookLoader.shipped().version());
    assertThat(row(run.out(), "key-etl"))
        .containsExactly("key-etl", "data", "100% of 2", "mini", "1.5", "0.75", "0.75");
    assertThat(run.out()).contains("Batching would have saved $0.75 (1 of 2 keys).");
    assertThat(run.out()).contains("over 4 whole hours from 2025-03-01T00:00:00Z");
    // 4 hours x 1 unit at $4.80 / $3.60 / $2.64 against $38.40 of Haiku tokens on demand.
    assertThat(row(run.out(), HAIKU, "100000", "100000", "1", "100%", "None"))
        .endsWith("19.2", "38.4", "19.2", "50%");
    assertThat(row(run.out(), HAIKU, "100000", "100000", "1", "100%", "OneMonth"))
        .endsWith("14.4", "38.4", "24", "37.5%");
    assertThat(row(run.out(), HAIKU, "100000", "100000", "1", "100%", "SixMonths (recommended)"))
        .endsWith("10.56", "38.4", "27.84", "27.5%");
    assertThat(run.out()).contains(HAIKU + ": provision 1 unit(s) on SixMonths, saving $27.84");
    assertThat(run.out()).contains(HAIKU + "@2024-11-04 provisioned (");
  }

  @Test
  void tiers_throughAServer_printsWhatTheLocalStoreDoes() {
    Run local = cli(PERIOD);
    Run served = remote(PERIOD);
    Run localJson = cli(concat(PERIOD, "--json"));
    Run servedJson = remote(concat(PERIOD, "--json"));

    assertThat(served.code()).as(served.err()).isZero();
    assertThat(served.out()).isEqualTo(local.out());
    assertThat(servedJson.out()).isEqualTo(localJson.out());
  }

  @Test
  void tiers_json_isTheAdminApiDocument() throws IOException {
    Run run = cli(concat(PERIOD, "--json"));

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.path("object").asText()).isEqualTo("tier_recommendations");
    assertThat(json.path("batch").path("data").get(0).path("saving_usd").asText()).isEqualTo("0.75");
    assertThat(json.path("provisioned").path("data").get(0).path("recommended_commitment").asText())
        .isEqualTo("SixMonths");
  }

  @Test
  void tiers_reportsABadPeriodOrAWrongKeyInOneLine() {
    Run backwards = cli("--since", "2025-03-02", "--until", "2025-03-01");
    Run garbled = cli("--since", "last tuesday");
    Run wrongKey = wrongKey();

    assertThat(backwards.code()).isEqualTo(2);
    assertThat(backwards.err()).startsWith("strata: 'since' (2025-03-02T00:00:00Z) must be before");
    assertThat(garbled.code()).isEqualTo(2);
    assertThat(garbled.err()).contains("'since' must be an ISO instant");
    assertThat(wrongKey.code()).isEqualTo(2);
    assertThat(wrongKey.err()).contains("Incorrect admin key provided").contains("--admin-key");
  }

  private static Run wrongKey() {
    return cli(
        concat(
            PERIOD,
            "--url",
            "http://127.0.0.1:" + server.actualPort(),
            "--admin-key",
            "sk-strata-admin-wrong"));
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(Arrays.asList(first));
    all.addAll(Arrays.asList(more));
    return all.toArray(String[]::new);
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
