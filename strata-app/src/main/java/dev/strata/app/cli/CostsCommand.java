package dev.strata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostRow;
import dev.strata.core.money.Money;
import dev.strata.server.admin.CostQueryParser;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Prints spend over a period, grouped by model, key, provider, team or day. */
@Command(name = "costs", description = "Report spend by model and key over a period.")
final class CostsCommand implements Callable<Integer> {
  @ParentCommand StrataCommand root;
  @Mixin AdminOptions admin;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--since", defaultValue = "30d", description = "Start: an age (7d, 24h), a date or an ISO instant (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--until", description = "End (default: now).")
  String until;

  @Option(names = "--by", defaultValue = "model,key", description = "Group by a comma list of model, key, provider, team, day (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    CostQuery query;
    try {
      query = CostQueryParser.parse(since, until, by, Instant.now());
    } catch (StrataException e) {
      throw new UserFacingException(e.getMessage());
    }
    List<CostRow> rows;
    try (AdminOperations ops =
        admin.remote().<AdminOperations>map(r -> r).orElseGet(() -> new LocalData(root.config()))) {
      rows = ops.costs(query);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(asJson(query, rows));
      out.flush();
      return 0;
    }
    out.println("Spend from " + query.from() + " to " + query.to() + " (USD, exact):");
    List<String> header = new ArrayList<>();
    query.groupBy().forEach(g -> header.add(g.wireName().toUpperCase(Locale.ROOT)));
    header.addAll(List.of("REQUESTS", "INPUT", "OUTPUT", "CACHE READ", "CACHE WRITE", "COST USD"));
    List<List<String>> lines = new ArrayList<>();
    Money total = Money.ZERO;
    long requests = 0;
    for (CostRow row : rows) {
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
    Table.print(out, header, lines);
    out.println("Total: " + requests + " requests, $" + total.toUsdString());
    out.flush();
    return 0;
  }

  private static String asJson(CostQuery query, List<CostRow> rows) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode report = mapper.createObjectNode();
    report.put("since", query.from().toString());
    report.put("until", query.to().toString());
    ArrayNode data = report.putArray("data");
    for (CostRow row : rows) {
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
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report);
  }
}
