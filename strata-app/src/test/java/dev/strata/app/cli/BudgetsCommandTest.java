package dev.strata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.app.Strata;
import dev.strata.app.config.ConfigLoader;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetPeriod;
import dev.strata.core.budget.BudgetStatus;
import dev.strata.core.budget.Enforcement;
import dev.strata.core.money.Money;
import dev.strata.core.ratelimit.RateLimit;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Drives {@code strata budgets} and {@code strata rate-limits} against a real server started in
 * this process, and checks the server's own budget book and rate limiter after each command.
 */
class BudgetsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static Path config;
  private static Strata strata;
  private static String adminKey;

  @BeforeAll
  static void startServer() throws IOException {
    config = dir.resolve("strata.yaml");
    Files.writeString(
        config,
        """
        home: %s
        server:
          host: 127.0.0.1
          port: 0
        providers:
          mock:
            type: openai
            baseUrl: http://127.0.0.1:9/v1
            apiKey: sk-upstream-secret
        models:
          - name: gpt-4o-mini
            provider: mock
        local:
          enabled: false
        """
            .formatted(dir.resolve("data")));
    strata =
        Strata.start(
            ConfigLoader.load(Optional.of(config), Map.of()),
            Clock.systemUTC(),
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    adminKey = strata.adminKey().newSecret().orElseThrow();
  }

  @AfterAll
  static void stopServer() {
    if (strata != null) {
      strata.close();
    }
  }

  private record Run(int code, String out, String err) {}

  /** Runs the command line as given, with this deployment's config file. */
  private static Run cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = StrataCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--config", config.toString()));
    int code = line.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs a command against the test server with its admin key. */
  private static Run strata(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--url", "http://127.0.0.1:" + strata.port(), "--admin-key", adminKey));
    return cli(all);
  }

  private static Run succeeded(Run run) {
    assertThat(run.code()).as(run.err()).isZero();
    return run;
  }

  private static JsonNode json(Run run) throws IOException {
    return JSON.readTree(succeeded(run).out());
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.path("data").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  private static Budget serverBudget(String id) {
    return strata.spending().budgets().status(id).map(BudgetStatus::budget).orElseThrow();
  }

  private static Optional<RateLimit> serverLimit(String id) {
    return strata.spending().rateLimits().all().stream()
        .filter(limit -> limit.id().equals(id))
        .findFirst();
  }

  /** An error printed as one {@code strata: …} line, never a stack trace. */
  private static void assertOneLineError(Run run, String message) {
    assertThat(run.code()).isNotZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("strata: ").contains(message).doesNotContain("\tat ");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void budgets_createListSetShowDelete_changeTheServersBudgets() throws IOException {
    JsonNode created =
        json(
            strata(
                "budgets", "create", "--name", "search team", "--scope", "team:search",
                "--limit", "250", "--period", "weekly", "--soft", "--alerts", "50,90", "--json"));
    String id = created.path("id").asText();

    Budget budget = serverBudget(id);
    assertThat(budget.name()).isEqualTo("search team");
    assertThat(budget.scope().wireForm()).isEqualTo("team:search");
    assertThat(budget.period()).isEqualTo(BudgetPeriod.WEEKLY);
    assertThat(budget.enforcement()).isEqualTo(Enforcement.SOFT);
    assertThat(budget.limit()).isEqualTo(Money.ofUsd("250"));
    assertThat(budget.alertPercents()).containsExactly(50, 90);

    String table = succeeded(strata("budgets", "list")).out();
    assertThat(table.lines().findFirst().orElseThrow())
        .contains("NAME", "SCOPE", "PERIOD", "ENFORCEMENT", "LIMIT USD", "SPENT USD",
            "RESERVED USD", "USED", "FORECAST USD");
    assertThat(table.lines().filter(line -> line.startsWith(id)).findFirst().orElseThrow())
        .contains("search team", "team:search", "weekly", "soft", "250", "0.0%");

    Run set =
        succeeded(strata("budgets", "set", id, "--limit", "300.50", "--hard", "--alerts", "none"));
    assertThat(set.out()).contains("Changed budget " + id);
    Budget changed = serverBudget(id);
    assertThat(changed.limit()).isEqualTo(Money.ofUsd("300.50"));
    assertThat(changed.enforcement()).isEqualTo(Enforcement.HARD);
    assertThat(changed.alertPercents()).isEmpty();
    assertThat(changed.name()).as("fields not given stay").isEqualTo("search team");
    assertThat(changed.period()).isEqualTo(BudgetPeriod.WEEKLY);

    assertThat(succeeded(strata("budgets", "show", id)).out())
        .contains("limit:        $300.5", "enforcement:  hard", "alerts at:    none");
    JsonNode listed = json(strata("budgets", "list", "--json"));
    assertThat(ids(listed)).contains(id);

    assertThat(succeeded(strata("budgets", "delete", id)).out()).contains("Deleted budget " + id);
    assertThat(strata.spending().budgets().status(id)).isEmpty();
    assertThat(ids(json(strata("budgets", "list", "--json")))).doesNotContain(id);
  }

  @Test
  void budgetsCreate_defaultsToAMonthlyHardBudgetWithStandardAlerts() throws IOException {
    Run run =
        succeeded(
            strata("budgets", "create", "--id", "bud_defaults", "--name", "everything",
                "--scope", "deployment", "--limit", "1000"));

    assertThat(run.out()).contains("Created budget bud_defaults");
    Budget budget = serverBudget("bud_defaults");
    assertThat(budget.period()).isEqualTo(BudgetPeriod.MONTHLY);
    assertThat(budget.enforcement()).isEqualTo(Enforcement.HARD);
    assertThat(budget.alertPercents()).containsExactly(50, 80, 100);
    assertThat(json(strata("budgets", "show", "bud_defaults", "--json")).path("limit_usd").asText())
        .isEqualTo("1000");
  }

  @Test
  void budgets_unknownId_failsWithTheServersMessage() {
    for (String[] command :
        List.of(
            new String[] {"budgets", "show", "bud_nope"},
            new String[] {"budgets", "set", "bud_nope", "--limit", "5"},
            new String[] {"budgets", "delete", "bud_nope"})) {
      assertOneLineError(strata(command), "No budget has the id 'bud_nope'");
    }
  }

  @Test
  void budgetsCreate_badScope_printsTheServersValidationMessage() {
    Run run =
        strata("budgets", "create", "--name", "planetary", "--scope", "planet:earth", "--limit", "5");

    assertOneLineError(run, "A budget scope is 'deployment', 'key:ID'");
    assertThat(strata.spending().budgets().statuses())
        .noneMatch(status -> status.budget().name().equals("planetary"));
  }

  @Test
  void budgets_badOptions_areRefusedWithWhatToGive() {
    assertOneLineError(
        strata("budgets", "create", "--name", "n", "--scope", "deployment", "--limit", "lots"),
        "--limit is a dollar amount");
    assertOneLineError(strata("budgets", "create", "--name", "n"), "needs --scope, --limit");
    assertOneLineError(strata("budgets", "set", "bud_x"), "nothing to change");
    assertOneLineError(
        strata("budgets", "create", "--name", "n", "--scope", "deployment", "--limit", "0"),
        "more than $0");
  }

  @Test
  void rateLimits_createListSetDelete_changeTheServersLimits() throws IOException {
    String id =
        json(strata("rate-limits", "create", "--scope", "team:search", "--rpm", "60", "--json"))
            .path("id")
            .asText();

    RateLimit limit = serverLimit(id).orElseThrow();
    assertThat(limit.scope().wireForm()).isEqualTo("team:search");
    assertThat(limit.requestsPerMinute()).isEqualTo(OptionalLong.of(60));
    assertThat(limit.tokensPerMinute()).isEmpty();
    assertThat(
            succeeded(strata("rate-limits", "list")).out().lines()
                .filter(line -> line.startsWith(id))
                .findFirst()
                .orElseThrow())
        .contains("team:search", "60", "-");

    assertThat(succeeded(strata("rate-limits", "set", id, "--tpm", "10000")).out())
        .contains("Changed rate limit " + id + ": team:search, 60 requests and 10000 tokens");
    RateLimit changed = serverLimit(id).orElseThrow();
    assertThat(changed.requestsPerMinute()).isEqualTo(OptionalLong.of(60));
    assertThat(changed.tokensPerMinute()).isEqualTo(OptionalLong.of(10000));
    assertThat(ids(json(strata("rate-limits", "list", "--json")))).contains(id);

    succeeded(strata("rate-limits", "delete", id));
    assertThat(serverLimit(id)).isEmpty();
    assertThat(ids(json(strata("rate-limits", "list", "--json")))).doesNotContain(id);
  }

  @Test
  void rateLimits_badInput_printsTheServersMessage() {
    assertOneLineError(
        strata("rate-limits", "delete", "rl_nope"), "No rate limit has the id 'rl_nope'");
    assertOneLineError(
        strata("rate-limits", "set", "rl_nope", "--rpm", "1"), "No rate limit has the id 'rl_nope'");
    int before = strata.spending().rateLimits().all().size();
    assertOneLineError(strata("rate-limits", "create", "--scope", "key:*"), "tokens per minute");
    assertOneLineError(strata("rate-limits", "create", "--scope", "planet:x", "--rpm", "1"), "planet:x");
    assertThat(strata.spending().rateLimits().all()).hasSize(before);
  }

  @Test
  void withoutUrl_usesTheConfiguredPort() throws IOException {
    Path local = dir.resolve("local.yaml");
    Files.writeString(
        local, "home: " + dir.resolve("data") + "\nserver:\n  port: " + strata.port() + "\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = StrataCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));

    int code =
        line.execute(
            "rate-limits", "create", "--id", "rl_by_port", "--scope", "model:gpt-4o-mini",
            "--rpm", "5", "--admin-key", adminKey, "--config", local.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(serverLimit("rl_by_port")).isPresent();
  }

  @Test
  void withoutAdminKey_saysHowToGiveOne() {
    assumeTrue(System.getenv("STRATA_ADMIN_KEY") == null, "STRATA_ADMIN_KEY is set");

    Run run = cli(List.of("budgets", "list", "--url", "http://127.0.0.1:" + strata.port()));

    assertOneLineError(run, "pass --admin-key");
    assertThat(run.err()).contains("STRATA_ADMIN_KEY");
  }

  @Test
  void wrongAdminKey_isRefusedByTheServer() {
    Run run =
        cli(
            List.of(
                "rate-limits", "list", "--url", "http://127.0.0.1:" + strata.port(),
                "--admin-key", "sk-strata-admin-wrong"));

    assertOneLineError(run, ": check --admin-key or STRATA_ADMIN_KEY");
  }

  @Test
  void unreachableServer_saysToStartOne() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    Run run = cli(List.of("budgets", "list", "--url", "http://127.0.0.1:" + closedPort,
        "--admin-key", adminKey));

    assertOneLineError(run, "cannot reach a Strata server at http://127.0.0.1:" + closedPort);
    assertThat(run.err()).contains("bin/strata serve");
  }
}
