package dev.strata.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Creates, lists, shows, changes and deletes the budgets of a running server. */
@Command(
    name = "budgets",
    description = "Manage spend budgets on a running server (its admin API).",
    subcommands = {
      BudgetsCommand.Create.class,
      BudgetsCommand.ListBudgets.class,
      BudgetsCommand.Show.class,
      BudgetsCommand.SetBudget.class,
      BudgetsCommand.Delete.class
    })
final class BudgetsCommand {
  private static final String PATH = "/admin/budgets";

  @ParentCommand StrataCommand root;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  AdminHttp connect(AdminHttp.Options server) {
    return server.connect(root::config);
  }

  /** The settings a budget is created or changed with; only the options given are sent. */
  static final class Fields {
    @Option(names = "--name", description = "What people call the budget; errors name it.")
    String name;

    @Option(
        names = "--scope",
        description =
            "What it covers: deployment, key:ID, team:NAME, tenant:NAME, tag:NAME=VALUE or"
                + " model:NAME.")
    String scope;

    @Option(
        names = "--limit",
        paramLabel = "USD",
        description = "The most that may be spent per period, in dollars (e.g. 250 or 12.50).")
    String limit;

    @Option(
        names = "--period",
        description = "daily, weekly, monthly or total (when created: monthly).")
    String period;

    @Option(names = "--hard", description = "Refuse requests that would exceed it (the default).")
    boolean hard;

    @Option(names = "--soft", description = "Only alert; never refuse.")
    boolean soft;

    @Option(
        names = "--alerts",
        paramLabel = "PERCENTS",
        description =
            "Alert thresholds in percent of the limit, comma-separated, or none (when created:"
                + " 50,80,100).")
    String alerts;

    boolean isEmpty() {
      return name == null && scope == null && limit == null && period == null && !hard && !soft
          && alerts == null;
    }

    /** The fields given, as the admin API's JSON. */
    ObjectNode body() {
      if (hard && soft) {
        throw new UserFacingException("--hard and --soft exclude each other: give one");
      }
      ObjectNode body = AdminHttp.object();
      if (name != null) {
        body.put("name", name);
      }
      if (scope != null) {
        body.put("scope", scope);
      }
      if (limit != null) {
        body.put("limit_usd", usd(limit));
      }
      if (period != null) {
        body.put("period", period);
      }
      if (hard || soft) {
        body.put("enforcement", hard ? "hard" : "soft");
      }
      if (alerts != null) {
        ArrayNode percents = body.putArray("alert_percents");
        percents(alerts).forEach(percents::add);
      }
      return body;
    }

    private static String usd(String text) {
      try {
        return new BigDecimal(text.strip().replaceFirst("^\\$", "")).toPlainString();
      } catch (NumberFormatException e) {
        throw new UserFacingException(
            "--limit is a dollar amount such as 250 or 12.50; got '" + text + "'");
      }
    }

    private static List<Integer> percents(String text) {
      List<Integer> percents = new ArrayList<>();
      if (text.strip().equalsIgnoreCase("none")) {
        return percents;
      }
      for (String part : text.split(",", -1)) {
        try {
          percents.add(Integer.parseInt(part.strip().replaceFirst("%$", "")));
        } catch (NumberFormatException e) {
          throw new UserFacingException(
              "--alerts is a comma list of whole percentages such as 50,80,100, or none; got '"
                  + text + "'");
        }
      }
      return percents;
    }
  }

  /** {@code strata budgets create}. */
  @Command(name = "create", description = "Create a budget; it applies from the next request.")
  static final class Create implements Callable<Integer> {
    @ParentCommand BudgetsCommand budgets;
    @Mixin AdminHttp.Options server;
    @Mixin Fields fields;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", description = "The budget's id (default: a generated bud_… id).")
    String id;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    public Integer call() {
      List<String> missing = new ArrayList<>();
      if (fields.name == null) {
        missing.add("--name");
      }
      if (fields.scope == null) {
        missing.add("--scope");
      }
      if (fields.limit == null) {
        missing.add("--limit");
      }
      if (!missing.isEmpty()) {
        throw new UserFacingException(
            "budgets create needs " + String.join(", ", missing) + " (see budgets create --help)");
      }
      ObjectNode body = fields.body();
      if (id != null) {
        body.put("id", id);
      }
      JsonNode created;
      try (AdminHttp http = budgets.connect(server)) {
        created = http.post(PATH, body);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(AdminHttp.pretty(created));
      } else {
        out.println("Created budget " + created.path("id").asText() + ": " + summary(created) + ".");
      }
      out.flush();
      return 0;
    }
  }

  /** {@code strata budgets list}. */
  @Command(name = "list", description = "List budgets with this period's spend and forecast.")
  static final class ListBudgets implements Callable<Integer> {
    @ParentCommand BudgetsCommand budgets;
    @Mixin AdminHttp.Options server;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode list;
      try (AdminHttp http = budgets.connect(server)) {
        list = http.get(PATH);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(AdminHttp.pretty(list));
        out.flush();
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode budget : list.path("data")) {
        rows.add(
            List.of(
                budget.path("id").asText(),
                budget.path("name").asText(),
                budget.path("scope").asText(),
                budget.path("period").asText(),
                budget.path("enforcement").asText(),
                text(budget, "limit_usd"),
                text(budget, "spent_usd"),
                text(budget, "reserved_usd"),
                percentUsed(budget),
                text(budget, "forecast_usd")));
      }
      Table.print(
          out,
          List.of(
              "ID", "NAME", "SCOPE", "PERIOD", "ENFORCEMENT", "LIMIT USD", "SPENT USD",
              "RESERVED USD", "USED", "FORECAST USD"),
          rows);
      return 0;
    }
  }

  /** {@code strata budgets show ID}. */
  @Command(name = "show", description = "Show one budget with this period's figures.")
  static final class Show implements Callable<Integer> {
    @ParentCommand BudgetsCommand budgets;
    @Mixin AdminHttp.Options server;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The budget's id (see budgets list).")
    String id;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode budget;
      try (AdminHttp http = budgets.connect(server)) {
        budget = http.get(PATH + "/" + AdminHttp.segment(id));
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(AdminHttp.pretty(budget));
      } else {
        List<String> alerts = new ArrayList<>();
        budget.path("alert_percents").forEach(p -> alerts.add(p.asText() + "%"));
        out.println("Budget " + budget.path("id").asText() + " (" + budget.path("name").asText() + ")");
        out.println("  scope:        " + budget.path("scope").asText());
        out.println(
            "  period:       " + budget.path("period").asText() + ", now "
                + budget.path("period_start").asText() + " to " + budget.path("period_end").asText());
        out.println("  enforcement:  " + budget.path("enforcement").asText());
        out.println("  limit:        $" + text(budget, "limit_usd"));
        out.println("  spent:        $" + text(budget, "spent_usd"));
        out.println("  reserved:     $" + text(budget, "reserved_usd"));
        out.println("  used:         " + percentUsed(budget));
        out.println("  forecast:     " + (budget.path("forecast_usd").isTextual()
            ? "$" + budget.path("forecast_usd").asText() + " by the period's end"
            : "-"));
        out.println("  alerts at:    " + (alerts.isEmpty() ? "none" : String.join(", ", alerts)));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code strata budgets set ID}. */
  @Command(name = "set", description = "Change a budget; only the options given change.")
  static final class SetBudget implements Callable<Integer> {
    @ParentCommand BudgetsCommand budgets;
    @Mixin AdminHttp.Options server;
    @Mixin Fields fields;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The budget's id (see budgets list).")
    String id;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    public Integer call() {
      if (fields.isEmpty()) {
        throw new UserFacingException(
            "nothing to change: give --name, --scope, --limit, --period, --hard, --soft or"
                + " --alerts");
      }
      ObjectNode body = fields.body();
      JsonNode changed;
      try (AdminHttp http = budgets.connect(server)) {
        changed = http.patch(PATH + "/" + AdminHttp.segment(id), body);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(AdminHttp.pretty(changed));
      } else {
        out.println("Changed budget " + changed.path("id").asText() + ": " + summary(changed) + ".");
      }
      out.flush();
      return 0;
    }
  }

  /** {@code strata budgets delete ID}. */
  @Command(name = "delete", description = "Delete a budget; it stops applying at once.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand BudgetsCommand budgets;
    @Mixin AdminHttp.Options server;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The budget's id (see budgets list).")
    String id;

    @Override
    public Integer call() {
      try (AdminHttp http = budgets.connect(server)) {
        http.delete(PATH + "/" + AdminHttp.segment(id));
      }
      spec.commandLine().getOut().println("Deleted budget " + id + ".");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** One line: name, scope, limit per period, enforcement and alerts. */
  static String summary(JsonNode budget) {
    List<String> alerts = new ArrayList<>();
    budget.path("alert_percents").forEach(p -> alerts.add(p.asText()));
    return budget.path("name").asText() + ", " + budget.path("scope").asText() + ", $"
        + text(budget, "limit_usd") + " " + budget.path("period").asText() + ", "
        + budget.path("enforcement").asText() + ", alerts at "
        + (alerts.isEmpty() ? "none" : String.join(",", alerts) + "%");
  }

  /** A field as text, or {@code -} when the server sent none. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }

  /** {@code used_fraction} as a percentage with one decimal. */
  static String percentUsed(JsonNode budget) {
    JsonNode fraction = budget.path("used_fraction");
    if (!fraction.isNumber()) {
      return "-";
    }
    return new BigDecimal(fraction.asText())
            .movePointRight(2)
            .setScale(1, RoundingMode.HALF_UP)
            .toPlainString()
        + "%";
  }
}
