package dev.strata.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.app.config.StrataConfig;
import dev.strata.core.advice.AdviceOptions;
import dev.strata.core.advice.PriceIds;
import dev.strata.core.advice.TierAdvisor;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.server.admin.CostQueryParser;
import dev.strata.server.admin.TierAdviceJson;
import dev.strata.store.Database;
import dev.strata.store.SqlTierUsage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Prints tier advice over a period — keys that would save by batching, models that would save with
 * provisioned throughput per commitment term — from the local data folder, or with {@code --url}
 * from a running server's {@code GET /admin/tiers/recommendations}. Both print the same JSON with
 * {@code --json}.
 */
@Command(
    name = "tiers",
    description = "Recommend pricing tiers: batch candidates and provisioned-throughput break-even.")
final class TiersCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = JsonMappers.create();

  @ParentCommand StrataCommand root;
  @Mixin AdminOptions admin;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--since",
      defaultValue = "30d",
      description = "Start: an age (30d, 24h), a date or an ISO instant (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--until", description = "End (default: now).")
  String until;

  @Option(names = "--json", description = "Print the admin API's JSON instead of tables.")
  boolean json;

  @Override
  public Integer call() {
    CostQuery period;
    try {
      period = CostQueryParser.parsePeriod(since, until, Instant.now());
    } catch (StrataException e) {
      throw new UserFacingException(e.getMessage());
    }
    JsonNode advice = admin.url != null ? remote(period) : local(period);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(AdminHttp.pretty(advice));
    } else {
      print(out, advice);
    }
    out.flush();
    return 0;
  }

  private JsonNode remote(CostQuery period) {
    String key = admin.adminKey != null ? admin.adminKey : System.getenv("STRATA_ADMIN_KEY");
    if (key == null || key.isBlank()) {
      throw new UserFacingException(
          "--url needs the admin key: pass --admin-key or set STRATA_ADMIN_KEY");
    }
    try (AdminHttp http = new AdminHttp(admin.url, key.strip())) {
      return http.get(
          "/admin/tiers/recommendations?since="
              + query(period.from().toString())
              + "&until="
              + query(period.to().toString()));
    }
  }

  private JsonNode local(CostQuery period) {
    StrataConfig config = root.config();
    if (!Files.isDirectory(config.home())) {
      throw new UserFacingException(
          "no data folder at " + config.home() + ": nothing metered yet, or pass --url");
    }
    PriceBook prices =
        config
            .priceOverrides()
            .map(PriceBookLoader::shippedWithOverrides)
            .orElseGet(PriceBookLoader::shipped);
    Map<String, String> priceIds = new LinkedHashMap<>();
    config.models().forEach(model -> priceIds.put(model.name(), model.price()));
    try (Database database = Database.open(config.storeUrl())) {
      TierAdvisor advisor =
          new TierAdvisor(
              new SqlTierUsage(database),
              prices,
              PriceIds.of(priceIds, prices),
              AdviceOptions.DEFAULTS);
      return JSON.readTree(
          TierAdviceJson.encode(advisor.advise(period.from(), period.to())).getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the tier advice just written", e);
    }
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The two tables of the advice, with the window, the thresholds and where prices came from. */
  static void print(PrintWriter out, JsonNode advice) {
    out.println(
        "Tier advice from "
            + advice.path("since").asText()
            + " to "
            + advice.path("until").asText()
            + " (price book "
            + advice.path("price_book").asText()
            + "; USD, exact)");
    out.println();
    JsonNode batch = advice.path("batch");
    out.println(
        "Batch: keys that sent at least "
            + percent(batch.path("latency_tolerant_share").asText())
            + " of their requests unstreamed; their unstreamed traffic on models with a batch price");
    if (batch.path("data").isEmpty()) {
      out.println(
          "  No key qualifies ("
              + batch.path("keys_considered").asLong()
              + " keys with on-demand traffic).");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode key : batch.path("data")) {
        List<String> models = new ArrayList<>();
        key.path("models").forEach(model -> models.add(model.path("model").asText()));
        rows.add(
            List.of(
                key.path("key_id").asText(),
                key.path("team").asText(),
                percent(key.path("not_streamed_share").asText())
                    + " of "
                    + key.path("requests").asLong(),
                String.join(",", models),
                key.path("on_demand_cost_usd").asText(),
                key.path("batch_cost_usd").asText(),
                key.path("saving_usd").asText()));
      }
      Table.print(
          out,
          List.of(
              "KEY", "TEAM", "NOT STREAMED", "MODELS", "ON DEMAND", "AT BATCH PRICE", "SAVING"),
          rows);
      out.println(
          "Batching would have saved $"
              + batch.path("saving_usd").asText()
              + " ("
              + batch.path("data").size()
              + " of "
              + batch.path("keys_considered").asLong()
              + " keys).");
    }
    out.println();
    JsonNode provisioned = advice.path("provisioned");
    out.println(
        "Provisioned throughput: on-demand usage over "
            + provisioned.path("hours").asLong()
            + " whole hours from "
            + provisioned.path("hours_since").asText()
            + ", units sized to the p"
            + provisioned.path("sizing_percentile").asInt()
            + " hour");
    if (provisioned.path("data").isEmpty()) {
      out.println("  No on-demand traffic to a model with a provisioned price.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> verdicts = new ArrayList<>();
    for (JsonNode model : provisioned.path("data")) {
      String recommended = model.path("recommended_commitment").asText("");
      for (JsonNode term : model.path("terms")) {
        String commitment = term.path("commitment").asText();
        rows.add(
            List.of(
                model.path("model").asText(),
                model.path("p50_tokens_per_minute").asText(),
                model.path("p90_tokens_per_minute").asText(),
                model.path("model_units").asText(),
                percent(model.path("utilisation").asText()),
                commitment.equals(recommended) ? commitment + " (recommended)" : commitment,
                term.path("provisioned_cost_usd").asText(),
                term.path("on_demand_cost_usd").asText(),
                term.path("saving_usd").asText(),
                term.has("break_even_utilisation")
                    ? percent(term.path("break_even_utilisation").asText())
                    : "-"));
      }
      verdicts.add(
          recommended.isEmpty()
              ? model.path("model").asText() + ": stay on demand (no term saves)"
              : model.path("model").asText()
                  + ": provision "
                  + model.path("model_units").asLong()
                  + " unit(s) on "
                  + recommended
                  + ", saving $"
                  + saving(model, recommended));
    }
    Table.print(
        out,
        List.of(
            "MODEL",
            "TOK/MIN P50",
            "TOK/MIN P90",
            "UNITS",
            "UTILISATION",
            "COMMITMENT",
            "PROVISIONED",
            "ON DEMAND",
            "SAVING",
            "BREAK-EVEN"),
        rows);
    verdicts.forEach(out::println);
    out.println("Provisioned prices:");
    for (JsonNode model : provisioned.path("data")) {
      out.println("  " + model.path("price_reference").asText());
    }
  }

  private static String saving(JsonNode model, String commitment) {
    for (JsonNode term : model.path("terms")) {
      if (term.path("commitment").asText().equals(commitment)) {
        return term.path("saving_usd").asText();
      }
    }
    return "?";
  }

  /** A decimal ratio such as "0.8571" as "85.71%", exactly. */
  static String percent(String ratio) {
    return new BigDecimal(ratio)
            .movePointRight(2)
            .setScale(2, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
