package dev.strata.app.cli;

import dev.strata.app.Strata;
import dev.strata.app.config.StrataConfig;
import dev.strata.core.catalog.ModelEntry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the gateway until it is stopped (Ctrl-C or SIGTERM stop it gracefully). */
@Command(name = "serve", description = "Run the Strata gateway.")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand StrataCommand root;

  @Option(names = "--port", description = "Port to listen on (overrides server.port).")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    StrataConfig config = root.config();
    if (port != null) {
      config = config.withPort(port);
    }
    PrintStream out = System.out;
    Strata strata = Strata.start(config, Clock.systemUTC(), out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("strata: stopping — draining requests and the ledger…");
                  strata.close();
                  out.println("strata: stopped; every usage record is stored.");
                  stopped.countDown();
                },
                "strata-shutdown"));
    strata
        .adminKey()
        .newSecret()
        .ifPresent(
            secret -> {
              out.println("strata: generated the admin key (shown once, store it now):");
              out.println("  " + secret);
            });
    out.println("strata: data in " + config.home().toAbsolutePath());
    for (ModelEntry model : strata.catalog().models()) {
      out.println("strata: model " + model.name() + " (" + model.provider() + ")");
    }
    strata.catalog().aliases().forEach((alias, targets) -> out.println("strata: alias " + alias + " → " + targets));
    out.println(
        "strata: listening on http://" + displayHost(config.server().host()) + ":" + strata.port());
    out.flush();
    stopped.await();
    return 0;
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") ? "127.0.0.1" : host;
  }
}
