package dev.strata.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Creates, lists, changes and deletes the rate limits of a running server. */
@Command(
    name = "rate-limits",
    description = "Manage requests- and tokens-per-minute limits on a running server.",
    subcommands = {
      RateLimitsCommand.Create.class,
      RateLimitsCommand.ListLimits.class,
      RateLimitsCommand.SetLimit.class,
      RateLimitsCommand.Delete.class
    })
final class RateLimitsCommand {
  private static final String PATH = "/admin/rate-limits";

  @ParentCommand StrataCommand root;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  AdminHttp connect(AdminHttp.Options server) {
    return server.connect(root::config);
  }

  /** The settings a limit is created or changed with; only the options given are sent. */
  static final class Fields {
    @Option(
        names = "--scope",
        description =
            "What it limits: key:ID, key:* (each key), team:NAME, team:* (each team) or"
                + " model:NAME.")
    String scope;

    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute.")
    Long rpm;

    @Option(
        names = "--tpm",
        paramLabel = "N",
        description = "Tokens (input plus output) per minute.")
    Long tpm;

    boolean isEmpty() {
      return scope == null && rpm == null && tpm == null;
    }

    ObjectNode body() {
      ObjectNode body = AdminHttp.object();
      if (scope != null) {
        body.put("scope", scope);
      }
      if (rpm != null) {
        body.put("rpm", rpm);
      }
      if (tpm != null) {
        body.put("tpm", tpm);
      }
      return body;
    }
  }

  /** {@code strata rate-limits create}. */
  @Command(name = "create", description = "Create a rate limit; it applies from the next request.")
  static final class Create implements Callable<Integer> {
    @ParentCommand RateLimitsCommand limits;
    @Mixin AdminHttp.Options server;
    @Mixin Fields fields;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", description = "The limit's id (default: a generated rl_… id).")
    String id;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    public Integer call() {
      if (fields.scope == null) {
        throw new UserFacingException("rate-limits create needs --scope (see rate-limits create --help)");
      }
      ObjectNode body = fields.body();
      if (id != null) {
        body.put("id", id);
      }
      JsonNode created;
      try (AdminHttp http = limits.connect(server)) {
        created = http.post(PATH, body);
      }
      print(spec, json, "Created", created);
      return 0;
    }
  }

  /** {@code strata rate-limits list}. */
  @Command(name = "list", description = "List rate limits.")
  static final class ListLimits implements Callable<Integer> {
    @ParentCommand RateLimitsCommand limits;
    @Mixin AdminHttp.Options server;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode list;
      try (AdminHttp http = limits.connect(server)) {
        list = http.get(PATH);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(AdminHttp.pretty(list));
        out.flush();
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode limit : list.path("data")) {
        rows.add(
            List.of(
                limit.path("id").asText(),
                limit.path("scope").asText(),
                BudgetsCommand.text(limit, "rpm"),
                BudgetsCommand.text(limit, "tpm")));
      }
      Table.print(out, List.of("ID", "SCOPE", "RPM", "TPM"), rows);
      return 0;
    }
  }

  /** {@code strata rate-limits set ID}. */
  @Command(name = "set", description = "Change a rate limit; only the options given change.")
  static final class SetLimit implements Callable<Integer> {
    @ParentCommand RateLimitsCommand limits;
    @Mixin AdminHttp.Options server;
    @Mixin Fields fields;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The limit's id (see rate-limits list).")
    String id;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    public Integer call() {
      if (fields.isEmpty()) {
        throw new UserFacingException("nothing to change: give --scope, --rpm or --tpm");
      }
      JsonNode changed;
      try (AdminHttp http = limits.connect(server)) {
        changed = http.patch(PATH + "/" + AdminHttp.segment(id), fields.body());
      }
      print(spec, json, "Changed", changed);
      return 0;
    }
  }

  /** {@code strata rate-limits delete ID}. */
  @Command(name = "delete", description = "Delete a rate limit; it stops applying at once.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand RateLimitsCommand limits;
    @Mixin AdminHttp.Options server;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The limit's id (see rate-limits list).")
    String id;

    @Override
    public Integer call() {
      try (AdminHttp http = limits.connect(server)) {
        http.delete(PATH + "/" + AdminHttp.segment(id));
      }
      spec.commandLine().getOut().println("Deleted rate limit " + id + ".");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static void print(
      picocli.CommandLine.Model.CommandSpec spec, boolean json, String verb, JsonNode limit) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(AdminHttp.pretty(limit));
    } else {
      List<String> rates = new ArrayList<>();
      if (limit.path("rpm").isNumber()) {
        rates.add(limit.path("rpm").asText() + " requests");
      }
      if (limit.path("tpm").isNumber()) {
        rates.add(limit.path("tpm").asText() + " tokens");
      }
      out.println(
          verb + " rate limit " + limit.path("id").asText() + ": " + limit.path("scope").asText()
              + ", " + String.join(" and ", rates) + " per minute.");
    }
    out.flush();
  }
}
