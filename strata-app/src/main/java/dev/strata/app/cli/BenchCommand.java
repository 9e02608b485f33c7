package dev.strata.app.cli;

import dev.strata.bench.BatchThroughputBenchmark;
import dev.strata.bench.ConverseStreamRelayBenchmark;
import dev.strata.bench.DashboardLoadBenchmark;
import dev.strata.bench.GatewayOverheadBenchmark;
import dev.strata.bench.PromptCachePlacementBenchmark;
import dev.strata.bench.LedgerInsertBenchmark;
import dev.strata.bench.LedgerScaleBenchmark;
import dev.strata.bench.ResponseCacheBenchmark;
import dev.strata.bench.SemanticLookupBenchmark;
import dev.strata.bench.SemanticThresholdCalibration;
import dev.strata.bench.SpendControlsBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Runs the gateway-overhead benchmark: a mock upstream called directly and through a Strata
 * process launched from this very jar, at a fixed request rate; prints a JSON report. {@code bench
 * converse-stream} runs the Bedrock ConverseStream relay benchmark (time to first byte) instead;
 * {@code bench ledger} the ledger-at-scale benchmark (explorer queries over millions of records);
 * {@code bench ledger-inserts} what a stored record costs the ledger writer, by request-id shape;
 * {@code bench spend-controls} what budget and rate-limit checks add to the request path; {@code
 * bench dashboard} the dashboard's first load over such a ledger; {@code bench response-cache} the
 * exact response cache's lookup overhead; {@code bench semantic-threshold} calibrates the semantic
 * cache's threshold on labelled question pairs and {@code bench semantic-lookup} times its lookups
 * with 100,000 entries; {@code bench batch} times batch jobs through the on-demand path and the
 * interactive latency beside them; {@code bench prompt-cache} the input cost of an agentic workload
 * with automatic prompt-cache placement, without caching and with the best static placement.
 */
@Command(
    name = "bench",
    description = "Measure the latency Strata adds, its throughput and memory (JSON report).")
final class BenchCommand implements Callable<Integer> {
  @Parameters(arity = "0", hidden = true)
  List<String> none = new ArrayList<>();

  @Unmatched List<String> benchmarkArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>(benchmarkArgs);
    if (!args.isEmpty() && args.get(0).equals("semantic-threshold")) {
      return SemanticThresholdCalibration.execute(
          System.out, System.err, args.subList(1, args.size()).toArray(String[]::new));
    }
    if (!args.isEmpty() && args.get(0).equals("semantic-lookup")) {
      return SemanticLookupBenchmark.execute(
          System.out, System.err, args.subList(1, args.size()).toArray(String[]::new));
    }
    if (!args.isEmpty() && args.get(0).equals("prompt-cache")) {
      PromptCachePlacementBenchmark.main(args.subList(1, args.size()).toArray(String[]::new));
      return 0;
    }
    if (!args.isEmpty() && args.get(0).equals("ledger")) {
      return LedgerScaleBenchmark.execute(
          System.out, System.err, args.subList(1, args.size()).toArray(String[]::new));
    }
    if (!args.isEmpty() && args.get(0).equals("ledger-inserts")) {
      return LedgerInsertBenchmark.execute(
          System.out, System.err, args.subList(1, args.size()).toArray(String[]::new));
    }
    if (!args.isEmpty() && args.get(0).equals("response-cache")) {
      return ResponseCacheBenchmark.execute(
          System.out, System.err, args.subList(1, args.size()).toArray(String[]::new));
    }
    if (!args.isEmpty() && args.get(0).equals("spend-controls")) {
      return SpendControlsBenchmark.execute(
          System.out, System.err, args.subList(1, args.size()).toArray(String[]::new));
    }
    boolean converseStream = !args.isEmpty() && args.get(0).equals("converse-stream");
    boolean dashboard = !args.isEmpty() && args.get(0).equals("dashboard");
    boolean batch = !args.isEmpty() && args.get(0).equals("batch");
    if (converseStream || dashboard || batch) {
      args.remove(0);
    }
    if (!args.contains("--strata-jar") && !args.contains("--gateway-url")) {
      Path jar =
          SourceTree.runningJar()
              .orElseThrow(
                  () -> new UserFacingException("run the benchmark from the built jar (bin/strata bench)"));
      args.add("--strata-jar");
      args.add(jar.toString());
    }
    if (batch) {
      return BatchThroughputBenchmark.execute(System.out, System.err, args.toArray(String[]::new));
    }
    if (dashboard) {
      return DashboardLoadBenchmark.execute(System.out, System.err, args.toArray(String[]::new));
    }
    if (converseStream) {
      return ConverseStreamRelayBenchmark.execute(
          System.out, System.err, args.toArray(String[]::new));
    }
    return GatewayOverheadBenchmark.execute(System.out, System.err, args.toArray(String[]::new));
  }
}
