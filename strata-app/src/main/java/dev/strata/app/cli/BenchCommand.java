package dev.strata.app.cli;

import dev.strata.bench.GatewayOverheadBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Runs the gateway-overhead benchmark: a mock upstream called directly and through a Strata
 * process launched from this very jar, at a fixed request rate; prints a JSON report.
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
    if (!args.contains("--strata-jar") && !args.contains("--gateway-url")) {
      Path jar =
          SourceTree.runningJar()
              .orElseThrow(
                  () -> new UserFacingException("run the benchmark from the built jar (bin/strata bench)"));
      args.add("--strata-jar");
      args.add(jar.toString());
    }
    return GatewayOverheadBenchmark.execute(System.out, System.err, args.toArray(String[]::new));
  }
}
