package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.auth.Principal;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.Usage;
import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.ProvisionedPrice;
import dev.strata.core.money.Tier;
import dev.strata.core.money.TokenPrice;
import dev.strata.store.Database;
import dev.strata.store.SqlLedger;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium}, driven by npm {@code
 * playwright-core} from {@code src/test/dashboard}): over a ledger seeded with known records, keys
 * and budgets, it refuses a wrong admin key with the API's message, signs in, draws every chart,
 * and shows totals, groups, burn-downs, latest requests and pricing-tier advice that equal the
 * seeded data to the pico-dollar as displayed. The screenshot lands in {@code
 * target/dashboard-artifacts/}.
 *
 * <p>Without node, the npm packages ({@code npm ci} in {@code src/test/dashboard}) or Chromium the
 * test is skipped on a developer machine, and fails on CI ({@code CI}, {@code STRATA_CI} or {@code
 * STRATA_REQUIRE_BROWSER} set).
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DashboardBrowserTest {
  private static final Path SCRIPT_DIR = Path.of("src/test/dashboard").toAbsolutePath();
  private static final Path SCREENSHOT =
      Path.of("target/dashboard-artifacts/dashboard.png").toAbsolutePath();
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 120;
  private static final TokenPrice GPT4O_IN = TokenPrice.perMillion("2.5");
  private static final TokenPrice GPT4O_OUT = TokenPrice.perMillion("10");
  private static final TokenPrice MINI_IN = TokenPrice.perMillion("0.15");
  private static final TokenPrice MINI_OUT = TokenPrice.perMillion("0.6");
  private static final String HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static final int HAIKU_HOURS = 30 * 24;
  private static final PriceBook PRICES = PriceBookLoader.shipped();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<UsageRecord> records = new ArrayList<>();
  private final Map<String, String> keyNames = new LinkedHashMap<>();
  private TestDeployment deployment;
  private String admin;

  /** Skips, or on CI fails, when node, playwright-core or Chromium is missing. */
  private static void requireBrowser() {
    List<String> missing = new ArrayList<>();
    if (!runs("node", "--version")) {
      missing.add("node (Node.js 20 or newer) on the PATH");
    }
    if (!Files.isRegularFile(SCRIPT_DIR.resolve("node_modules/playwright-core/package.json"))) {
      missing.add("playwright-core: run 'npm ci' in strata-app/src/test/dashboard");
    }
    if (!Files.isExecutable(chromium())) {
      missing.add("Chromium at " + chromium() + " (apt-get install chromium, or set STRATA_CHROMIUM)");
    }
    if (missing.isEmpty()) {
      return;
    }
    String message = "the dashboard browser test needs " + String.join("; ", missing);
    if (browserRequired()) {
      fail(message + " — required here (CI, STRATA_CI or STRATA_REQUIRE_BROWSER is set)");
    }
    Assumptions.abort(message);
  }

  @BeforeEach
  void startAndSeed() throws Exception {
    requireBrowser();
    deployment =
        new TestDeployment(
            dir,
            TestDeployment.mockProvider("http://127.0.0.1:9/v1") + "local:\n  enabled: false\n");
    deployment.start();
    admin = deployment.adminSecret();
    List<Principal> keys =
        List.of(
            newKey("checkout-batch", "payments", "{\"env\": \"dev\"}"),
            newKey("checkout-web", "payments", "{\"env\": \"prod\", \"region\": \"eu\"}"),
            newKey("search-api", "search", "{\"env\": \"prod\", \"region\": \"us\"}"),
            newKey("research", "research", "{}"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < RECORDS; i++) {
      records.add(record(i, now, keys.get(i % keys.size())));
    }
    for (int hour = 1; hour <= HAIKU_HOURS; hour++) {
      records.add(haikuHour(hour, now, keys.get(3)));
    }
    try (Database database = Database.open(deployment.config().storeUrl());
        SqlLedger ledger = new SqlLedger(database)) {
      records.forEach(ledger::append);
    }
    adminPost("/admin/budgets", """
        {"name": "Payments monthly", "scope": "team:payments", "period": "monthly",
         "limit_usd": "5", "enforcement": "hard"}""");
    adminPost("/admin/budgets", """
        {"name": "Prod weekly", "scope": "tag:env=prod", "period": "weekly",
         "limit_usd": "2.5", "enforcement": "soft"}""");
  }

  @AfterEach
  void stop() {
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  void dashboard_signsIn_drawsEveryChart_andShowsTheSeededTotals() throws Exception {
    JsonNode page = runBrowser();

    assertThat(page.path("problems")).as("CSP violations, page or console errors").isEmpty();
    assertThat(page.path("wrongKeyError").asText()).isEqualTo("Incorrect admin key provided.");
    assertThat(page.path("state").asText()).isEqualTo("ready");
    for (JsonNode chart : page.path("charts")) {
      assertThat(chart.path("drawn").asBoolean()).as(chart.path("chart").asText()).isTrue();
    }
    assertThat(page.path("charts").findValuesAsText("chart"))
        .contains("over-time", "by-model", "by-team", "by-key", "by-tag", "savings")
        .filteredOn(name -> name.startsWith("budget:"))
        .hasSize(2);

    Money total = sum(r -> true);
    JsonNode totals = page.path("totals");
    for (String panel : List.of("spend", "over-time", "by-model", "by-team", "by-key", "by-tag")) {
      assertThat(totals.path(panel).asText()).as(panel).isEqualTo(shown(total));
    }
    assertThat(totals.path("requests").asText())
        .isEqualTo(String.format(Locale.ROOT, "%,d", records.size()));
    long tokens = records.stream().mapToLong(r -> r.usage().totalTokens()).sum();
    assertThat(totals.path("tokens").asText()).isEqualTo(String.format(Locale.ROOT, "%,d", tokens));

    JsonNode panels = page.path("snapshot").path("panels");
    assertThat(rows(panels.path("by-model"))).isEqualTo(expected(UsageRecord::requestedModel));
    assertThat(rows(panels.path("by-team"))).isEqualTo(expected(r -> r.principal().team()));
    assertThat(rows(panels.path("by-key")))
        .isEqualTo(expected(r -> keyNames.get(r.principal().keyId()) + " (" + r.principal().keyId() + ")"));
    assertThat(panels.path("by-tag").path("tag").asText()).isEqualTo("env");
    assertThat(rows(panels.path("by-tag")))
        .isEqualTo(expected(r -> r.principal().tags().getOrDefault("env", "(untagged)")));
    Map<String, String> perDay = expected(r -> LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC).toString());
    Map<String, String> shownDays = rows(panels.path("over-time"));
    assertThat(shownDays).containsAllEntriesOf(perDay);
    assertThat(shownDays.size()).isEqualTo(31);

    String topKey = keyNames.get(firstKey(expected(r -> r.principal().keyId())));
    assertThat(page.path("topSpenders").get(0).get(1).asText()).startsWith(topKey + " (");
    assertThat(page.path("topSpenders").get(0).get(4).asText()).isEqualTo(shown(sum(r -> keyNames.get(r.principal().keyId()).equals(topKey))));

    JsonNode savings = adminGet("/admin/costs/savings?since=" + encode(page.path("snapshot").path("since").asText()));
    assertThat(totals.path("savings").asText()).isEqualTo(shown(Money.ofUsd(savings.path("total").path("savings_usd").asText())));
    Map<String, String> levers = new TreeMap<>();
    savings.path("levers").forEach(l -> levers.put(l.path("lever").asText(), l.path("savings_usd").asText()));
    assertThat(rows(panels.path("savings"))).isEqualTo(levers);
    assertThat(savings.path("levers").get(0).path("requests").asLong())
        .isEqualTo(records.stream().filter(r -> !r.servedModel().equals(r.requestedModel())).count())
        .isPositive();

    assertThat(page.path("latestRows").asInt()).isEqualTo(25);
    assertThat(panels.path("latest-requests").path("rows").get(0).path("label").asText()).isEqualTo("dash-0");
    assertThat(panels.path("latest-requests").path("rows").get(0).path("usd").asText())
        .isEqualTo(records.get(0).cost().toUsdString());

    JsonNode budgets = adminGet("/admin/budgets").path("data");
    assertThat(panels.path("budgets").path("budgets")).hasSize(2);
    for (JsonNode budget : budgets) {
      Instant periodStart = Instant.parse(budget.path("period_start").asText());
      Money spent =
          budget.path("scope").asText().equals("team:payments")
              ? sum(r -> r.principal().team().equals("payments") && !r.startedAt().isBefore(periodStart))
              : sum(r -> "prod".equals(r.principal().tags().get("env")) && !r.startedAt().isBefore(periodStart));
      JsonNode drawn = find(panels.path("budgets").path("budgets"), budget.path("id").asText());
      assertThat(budget.path("spent_usd").asText()).isEqualTo(spent.toUsdString());
      assertThat(drawn.path("cumulative").asText()).as("burn-down's last point").isEqualTo(spent.toUsdString());
      assertThat(drawn.path("shown").asText()).isEqualTo(shown(spent));
      // The forecast projects to the period's end from the moment it is asked, so it moves.
      assertThat(Money.ofUsd(drawn.path("forecast").asText())).isGreaterThanOrEqualTo(spent);
    }
    assertThat(page.path("budgetsShown").findValuesAsText("figures"))
        .anySatisfy(text -> assertThat(text).startsWith("spent ").contains(" of $5.00"))
        .anySatisfy(text -> assertThat(text).contains(" of $2.50").contains("forecast $"));

    Instant weekStart = Instant.parse(page.path("week").path("since").asText());
    assertThat(page.path("week").path("totals").path("spend").asText())
        .isEqualTo(shown(sum(r -> !r.startedAt().isBefore(weekStart))));
    assertThat(page.path("otherTag").path("tag").asText()).isEqualTo("region");
    assertThat(rows(page.path("otherTag")))
        .isEqualTo(
            expected(
                r -> !r.startedAt().isBefore(weekStart),
                r -> r.principal().tags().getOrDefault("region", "(untagged)")));

    assertTierAdvice(page, panels.path("tiers"), totals);

    // Reopened with the key in the tab, the page asks for each of its admin answers once: the
    // early calls started from the page's head are the ones it draws.
    JsonNode reopened = page.path("reopened");
    List<String> calls = new ArrayList<>();
    reopened.path("adminCalls").forEach(call -> calls.add(call.asText()));
    assertThat(calls).doesNotHaveDuplicates();
    String since = encode(page.path("week").path("since").asText());
    assertThat(calls)
        .contains(
            "/admin/budgets",
            "/admin/keys",
            "/admin/requests?limit=25",
            "/admin/costs?since=" + since + "&by=day%2Cmodel",
            "/admin/costs?since=" + since + "&by=key%2Cteam%2Cmodel",
            "/admin/costs/savings?since=" + since);
    assertThat(reopened.path("totals").path("spend").asText())
        .isEqualTo(page.path("week").path("totals").path("spend").asText());

    JsonNode storage = page.path("storage");
    assertThat(storage.path("sessionKey").asText()).isEqualTo(admin);
    assertThat(storage.path("localStorageKeys")).isEmpty();
    assertThat(storage.path("cookie").asText()).isEmpty();
    assertThat(storage.path("url").asText()).doesNotContain(admin);
    assertThat(page.path("signedOut").path("sessionKey").isNull()).isTrue();
    assertThat(page.path("signedOut").path("state").asText()).isEqualTo("signed-out");

    byte[] png = Files.readAllBytes(SCREENSHOT);
    assertThat(png.length).isGreaterThan(20_000);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  /**
   * The pricing-tier panel: the three keys that never stream would save by batching, exactly the
   * difference between what their on-demand records cost and the same tokens at the batch price;
   * the research key streams its Haiku traffic, so it is not latency-tolerant. Haiku, busy with a
   * full model unit's tokens every hour for 30 days, would save with provisioned throughput,
   * most on a six-month term. The provisioned-models report shows (with no provisioned model).
   */
  private void assertTierAdvice(JsonNode page, JsonNode panel, JsonNode totals) {
    assertThat(panel.path("drawn").asBoolean()).isTrue();
    assertThat(panel.path("available").asBoolean()).isTrue();

    Map<String, Money> batchSavings = new TreeMap<>();
    for (UsageRecord record : records) {
      if (record.tier() != Tier.ON_DEMAND || record.streamed()) {
        continue;
      }
      ModelPrice price =
          PRICES
              .priceOn(record.servedModel(), LocalDate.ofInstant(record.startedAt(), ZoneOffset.UTC))
              .orElseThrow();
      Money batch = CostCalculator.cost(price, record.usage(), Tier.BATCH).total();
      batchSavings.merge(record.principal().keyId(), record.cost().minus(batch), Money::plus);
    }
    String research = keyId("research");
    batchSavings.remove(research);
    List<String> ranked = new ArrayList<>(batchSavings.keySet());
    ranked.sort((a, b) -> batchSavings.get(b).compareTo(batchSavings.get(a)));
    assertThat(panel.path("batch").findValuesAsText("label")).containsExactlyElementsOf(ranked);
    for (JsonNode row : panel.path("batch")) {
      assertThat(row.path("usd").asText())
          .as(row.path("label").asText())
          .isEqualTo(batchSavings.get(row.path("label").asText()).toUsdString());
    }
    Money batchTotal = batchSavings.values().stream().reduce(Money.ZERO, Money::plus);
    assertThat(totals.path("tiers-batch").asText()).isEqualTo(shown(batchTotal));
    JsonNode batchTable = page.path("tiers").path("tables").path("tier-batch");
    assertThat(batchTable).hasSize(3);
    assertThat(batchTable.get(0).get(0).asText())
        .isEqualTo(keyNames.get(ranked.get(0)) + " (" + ranked.get(0) + ")");
    assertThat(batchTable.get(0).get(6).asText())
        .isEqualTo(shown(batchSavings.get(ranked.get(0))));

    // Every whole hour of the period is counted; the Haiku records fill the last 720 with one
    // unit's 6M tokens each ($9.60 on demand), so one unit carries all of them.
    long hours = panel.path("hours").asLong();
    assertThat(hours).isGreaterThanOrEqualTo(HAIKU_HOURS).isLessThan(2L * HAIKU_HOURS);
    Money carried =
        records.stream()
            .filter(r -> r.servedModel().equals(HAIKU))
            .map(UsageRecord::cost)
            .reduce(Money.ZERO, Money::plus);
    ProvisionedPrice provisioned =
        PRICES.provisionedPriceOn(HAIKU, LocalDate.now(ZoneOffset.UTC)).orElseThrow();
    JsonNode haiku = panel.path("provisioned").get(0);
    assertThat(panel.path("provisioned")).hasSize(1);
    assertThat(haiku.path("label").asText()).isEqualTo(HAIKU);
    assertThat(haiku.path("units").asLong()).isEqualTo(1);
    assertThat(haiku.path("recommended").asText()).isEqualTo("SixMonths");
    Money sixMonths = carried.minus(provisioned.hourlySixMonths().orElseThrow().times(hours));
    assertThat(haiku.path("savings").path("None").asText())
        .isEqualTo(carried.minus(provisioned.hourlyNoCommitment().orElseThrow().times(hours)).toUsdString());
    assertThat(haiku.path("savings").path("OneMonth").asText())
        .isEqualTo(carried.minus(provisioned.hourlyOneMonth().orElseThrow().times(hours)).toUsdString());
    assertThat(haiku.path("savings").path("SixMonths").asText()).isEqualTo(sixMonths.toUsdString());
    assertThat(totals.path("tiers-provisioned").asText()).isEqualTo(shown(sixMonths));
    JsonNode provisionedTable = page.path("tiers").path("tables").path("tier-provisioned");
    assertThat(provisionedTable).hasSize(1);
    assertThat(provisionedTable.get(0).get(0).asText()).isEqualTo(HAIKU);
    assertThat(provisionedTable.get(0).get(6).asText()).isEqualTo(shown(sixMonths));
    assertThat(provisionedTable.get(0).get(8).asText()).isEqualTo("provision 1 unit, 6 months");

    assertThat(page.path("tiers").path("utilisationShown").asBoolean()).isTrue();
    assertThat(panel.path("utilisation")).isEmpty();
  }

  private String keyId(String name) {
    return keyNames.entrySet().stream()
        .filter(entry -> entry.getValue().equals(name))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  /**
   * A streamed Claude 3.5 Haiku request on Bedrock at the start of the hour {@code hour} hours
   * before the current one: a full model unit's tokens for that hour (4.5M in, 1.5M out).
   */
  private static UsageRecord haikuHour(int hour, Instant now, Principal principal) {
    Instant at = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hour));
    Usage usage = Usage.of(4_500_000, 1_500_000);
    ModelPrice price = PRICES.priceOn(HAIKU, LocalDate.ofInstant(at, ZoneOffset.UTC)).orElseThrow();
    return new UsageRecord(
        "haiku-" + hour,
        at,
        at.plusSeconds(20),
        principal,
        "bedrock",
        "chat",
        HAIKU,
        HAIKU,
        "bedrock",
        usage,
        UsageSource.PROVIDER,
        CostCalculator.cost(price, usage, Tier.ON_DEMAND).total(),
        price.reference(),
        Tier.ON_DEMAND,
        true,
        "ok",
        200,
        20_000,
        OptionalLong.of(300));
  }

  /** Runs the Node script against the deployment and returns what it printed. */
  private JsonNode runBrowser() throws IOException, InterruptedException {
    Files.deleteIfExists(SCREENSHOT);
    Path out = dir.resolve("browser.json");
    Path err = dir.resolve("browser.err");
    ProcessBuilder builder =
        new ProcessBuilder(
                "node",
                "dashboard.mjs",
                "check",
                "--url", deployment.serverUrl() + "/",
                "--admin-key", admin,
                "--wrong-key", "sk-strata-admin-not-the-key",
                "--screenshot", SCREENSHOT.toString())
            .directory(SCRIPT_DIR.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("STRATA_CHROMIUM", chromium().toString());
    Process node = builder.start();
    if (!node.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("dashboard.mjs did not finish within " + SCRIPT_TIMEOUT + ":\n" + Files.readString(err));
    }
    assertThat(node.exitValue()).as("dashboard.mjs failed:\n%s", Files.readString(err)).isZero();
    return JSON.readTree(out.toFile());
  }

  private Principal newKey(String name, String team, String tags) throws IOException, InterruptedException {
    JsonNode key =
        adminPost("/admin/keys", """
            {"name": "%s", "team": "%s", "tags": %s}""".formatted(name, team, tags));
    Map<String, String> tagMap = new TreeMap<>();
    key.path("tags").properties().forEach(tag -> tagMap.put(tag.getKey(), tag.getValue().asText()));
    keyNames.put(key.path("id").asText(), name);
    return new Principal(
        key.path("id").asText(), key.path("tenant").asText(), team, key.path("app").asText(), tagMap);
  }

  /**
   * Record {@code i}, newest first, about 71 minutes apart over the last six days; gpt-4o is
   * routed to gpt-4o-mini every fifth time, every fourth reads the prompt cache, every ninth is
   * billed at the batch tier.
   */
  private static UsageRecord record(int i, Instant now, Principal principal) {
    Instant at = now.minusSeconds(300 + i * 71L * 60);
    String requested = i % 3 == 0 ? "gpt-4o-mini" : "gpt-4o";
    String served = requested.equals("gpt-4o") && i % 5 == 0 ? "gpt-4o-mini" : requested;
    Usage usage = new Usage(800 + 13L * i, 120 + 7L * i, i % 4 == 0 ? 512 : 0, 0, 0);
    boolean mini = served.equals("gpt-4o-mini");
    Money cost =
        (mini ? MINI_IN : GPT4O_IN).times(usage.totalInputTokens())
            .plus((mini ? MINI_OUT : GPT4O_OUT).times(usage.outputTokens()));
    return new UsageRecord(
        "dash-" + i,
        at,
        at.plusMillis(400 + i),
        principal,
        "openai",
        "chat",
        requested,
        served,
        "openai",
        usage,
        UsageSource.PROVIDER,
        cost,
        served + "@2025-01-01 (test)",
        i % 9 == 0 ? Tier.BATCH : Tier.ON_DEMAND,
        false,
        "ok",
        200,
        400 + i,
        OptionalLong.empty());
  }

  private Money sum(Predicate<UsageRecord> which) {
    return records.stream().filter(which).map(UsageRecord::cost).reduce(Money.ZERO, Money::plus);
  }

  /** The seeded cost per group, as the API writes dollars. */
  private Map<String, String> expected(Function<UsageRecord, String> group) {
    return expected(record -> true, group);
  }

  /** The cost per group of the seeded records that pass {@code which}. */
  private Map<String, String> expected(
      Predicate<UsageRecord> which, Function<UsageRecord, String> group) {
    Map<String, Money> sums = new TreeMap<>();
    for (UsageRecord record : records) {
      if (which.test(record)) {
        sums.merge(group.apply(record), record.cost(), Money::plus);
      }
    }
    Map<String, String> usd = new TreeMap<>();
    sums.forEach((name, money) -> usd.put(name, money.toUsdString()));
    return usd;
  }

  private static String firstKey(Map<String, String> costs) {
    return costs.entrySet().stream()
        .max((a, b) -> Money.ofUsd(a.getValue()).compareTo(Money.ofUsd(b.getValue())))
        .orElseThrow()
        .getKey();
  }

  /** A panel's rows as label → dollars. */
  private static Map<String, String> rows(JsonNode panel) {
    Map<String, String> rows = new TreeMap<>();
    for (JsonNode row : panel.path("rows")) {
      rows.put(row.path("label").asText(), row.path("usd").asText());
    }
    return rows;
  }

  private static JsonNode find(JsonNode budgets, String id) {
    for (JsonNode budget : budgets) {
      if (budget.path("id").asText().equals(id)) {
        return budget;
      }
    }
    throw new AssertionError("the page drew no burn-down for budget " + id + ": " + budgets);
  }

  /** Dollars as the page displays them: "$", thousands separated, at least two decimals, exact. */
  static String shown(Money money) {
    String plain = money.toUsd().toPlainString();
    String sign = plain.startsWith("-") ? "-" : "";
    String digits = sign.isEmpty() ? plain : plain.substring(1);
    int dot = digits.indexOf('.');
    String whole = dot < 0 ? digits : digits.substring(0, dot);
    String fraction = dot < 0 ? "" : digits.substring(dot + 1);
    StringBuilder grouped = new StringBuilder(whole);
    for (int at = whole.length() - 3; at > 0; at -= 3) {
      grouped.insert(at, ',');
    }
    while (fraction.length() < 2) {
      fraction += "0";
    }
    return sign + "$" + grouped + "." + fraction;
  }

  private JsonNode adminPost(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(deployment.serverUrl() + path))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
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
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Path chromium() {
    String configured = System.getenv("STRATA_CHROMIUM");
    return Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
  }

  private static boolean browserRequired() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || isSet("STRATA_CI")
        || isSet("STRATA_REQUIRE_BROWSER");
  }

  private static boolean isSet(String name) {
    String value = System.getenv(name);
    return value != null && !value.isBlank() && !value.equals("0");
  }

  private static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
