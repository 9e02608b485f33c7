package dev.strata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.ledger.ExportFormat;
import dev.strata.core.money.Money;
import dev.strata.server.admin.CostQueryParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Prints spend over a period, grouped and filtered like {@code GET /admin/costs}; or, with {@code
 * --export}, writes the period's records as FOCUS CSV, ledger CSV or JSON Lines to a file.
 */
@Command(name = "costs", description = "Report spend by model, key, team, tag... over a period, or export it.")
final class CostsCommand implements Callable<Integer> {
  @ParentCommand StrataCommand root;
  @Mixin AdminOptions admin;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--since", defaultValue = "30d", description = "Start: an age (7d, 24h), a date or an ISO instant (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--until", description = "End (default: now).")
  String until;

  @Option(names = "--by", defaultValue = "model,key", description = "Group by a comma list of hour, day, month, model, served_model, provider, key, tenant, team, app, tier, cache, wire_format, operation, status, tag:<name> (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--tz", description = "Time zone of dates and of hour/day/month buckets, e.g. Europe/Paris (default: UTC).")
  String tz;

  @Option(names = "--filter", description = "Keep only matching records: <dimension>=<v1,v2> or tag=<name>:<value>; repeatable.")
  List<String> filters = new ArrayList<>();

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--export", description = "Write the period's records instead of a report: focus, csv or jsonl.")
  String export;

  @Option(names = "--out", description = "The file --export writes.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (export != null) {
      return export();
    }
    CostExplorerQuery query;
    try {
      query = CostQueryParser.parseExplorer(params(), Instant.now());
    } catch (StrataException | IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage());
    }
    CostReport report;
    try (AdminOperations ops = operations()) {
      report = ops.explore(query);
    }
    PrintWriter printer = spec.commandLine().getOut();
    if (json) {
      printer.println(asJson(report));
      printer.flush();
      return 0;
    }
    printer.println(
        "Spend from " + query.from() + " to " + query.to() + " (USD, exact"
            + (query.zone().getId().equals("Z") ? "" : ", buckets in " + query.zone().getId())
            + "):");
    List<String> header = new ArrayList<>();
    query.groupBy().forEach(g -> header.add(g.wireName().toUpperCase(Locale.ROOT)));
    header.addAll(List.of("REQUESTS", "INPUT", "OUTPUT", "CACHE READ", "CACHE WRITE", "COST USD"));
    List<List<String>> lines = new ArrayList<>();
    Money total = Money.ZERO;
    long requests = 0;
    for (CostRow row : report.rows()) {
      List<String> line = new ArrayList<>(row.group());
      line.addAll(
          List.of(
              Long.toString(row.requests()),
              Long.toString(row.inputTokens()),
              Long.toString(row.outputTokens()),
              Long.toString(row.cacheReadTokens()),
              Long.toString(row.cacheWriteTokens()),
              row.cost().toUsdString()));
      lines.add(line);
      total = total.plus(row.cost());
      requests += row.requests();
    }
    Table.print(printer, header, lines);
    printer.println("Total: " + requests + " requests, $" + total.toUsdString());
    printer.flush();
    return 0;
  }

  private int export() {
    ExportFormat format =
        switch (export.strip().toLowerCase(Locale.ROOT)) {
          case "focus" -> ExportFormat.FOCUS_CSV;
          case "csv" -> ExportFormat.LEDGER_CSV;
          case "jsonl" -> ExportFormat.LEDGER_JSONL;
          default -> throw new UserFacingException("--export takes focus, csv or jsonl, not '" + export + "'");
        };
    if (out == null) {
      throw new UserFacingException("--export needs --out FILE");
    }
    if (!filters.isEmpty()) {
      throw new UserFacingException("--export writes every record of the period; drop --filter");
    }
    Map<String, List<String>> period = new LinkedHashMap<>();
    period.put("since", List.of(since));
    if (until != null) {
      period.put("until", List.of(until));
    }
    if (tz != null) {
      period.put("tz", List.of(tz));
    }
    CostExplorerQuery query;
    try {
      query = CostQueryParser.parseExplorer(period, Instant.now());
    } catch (StrataException e) {
      throw new UserFacingException(e.getMessage());
    }
    long bytes;
    try (AdminOperations ops = operations()) {
      bytes = ops.export(format, query.from(), query.to(), out);
    }
    PrintWriter printer = spec.commandLine().getOut();
    printer.println(
        "Wrote " + bytes + " bytes of " + format.fileName() + " (" + query.from() + " to "
            + query.to() + ") to " + out);
    printer.flush();
    return 0;
  }

  private AdminOperations operations() {
    return admin.remote().<AdminOperations>map(r -> r).orElseGet(() -> new LocalData(root.config()));
  }

  private Map<String, List<String>> params() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("since", List.of(since));
    if (until != null) {
      params.put("until", List.of(until));
    }
    params.put("by", List.of(by));
    if (tz != null) {
      params.put("tz", List.of(tz));
    }
    for (String filter : filters) {
      int equals = filter.indexOf('=');
      if (equals < 1) {
        throw new UserFacingException(
            "--filter takes <dimension>=<value>, e.g. model=gpt-4o-mini or tag=env:prod; got '" + filter + "'");
      }
      String name = filter.substring(0, equals).strip();
      if (List.of("since", "until", "by", "tz").contains(name)) {
        throw new UserFacingException("use --" + name + ", not --filter " + name + "=...");
      }
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(filter.substring(equals + 1));
    }
    return params;
  }

  private static String asJson(CostReport report) throws Exception {
    ObjectMapper mapper = JsonMappers.create();
    ObjectNode json = mapper.createObjectNode();
    CostExplorerQuery query = report.query();
    json.put("since", query.from().toString());
    json.put("until", query.to().toString());
    json.put("time_zone", query.zone().getId());
    json.put("source", report.source().wireName());
    ArrayNode data = json.putArray("data");
    for (CostRow row : report.rows()) {
      ObjectNode item = data.addObject();
      ObjectNode group = item.putObject("group");
      for (int i = 0; i < query.groupBy().size(); i++) {
        group.put(query.groupBy().get(i).wireName(), row.group().get(i));
      }
      item.put("requests", row.requests());
      item.put("input_tokens", row.inputTokens());
      item.put("output_tokens", row.outputTokens());
      item.put("cache_read_tokens", row.cacheReadTokens());
      item.put("cache_write_tokens", row.cacheWriteTokens());
      item.put("cost_usd", row.cost().toUsdString());
      item.put("cost_micros", row.cost().toMicrosRounded());
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
  }
}
