package dev.strata.app.cli;

import dev.strata.app.config.ConfigException;
import dev.strata.app.config.ConfigLoader;
import dev.strata.app.config.StrataConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code strata} command: global options and the list of subcommands. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = StrataVersion.class,
    description = "A self-hosted foundation-model gateway that cuts what LLM inference costs.",
    subcommands = {
      ServeCommand.class,
      KeysCommand.class,
      CostsCommand.class,
      TiersCommand.class,
      BudgetsCommand.class,
      RateLimitsCommand.class,
      ModelsCommand.class,
      TestCommand.class,
      BenchCommand.class
    })
public final class StrataCommand implements Runnable {
  @Option(
      names = "--config",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Configuration file (default: ./strata.yaml when it exists).")
  Path configFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new StrataCommand());
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ConfigException || e instanceof UserFacingException) {
            cmd.getErr().println("strata: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return line;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads the configuration named by {@code --config}, or the default one. */
  StrataConfig config() {
    return ConfigLoader.load(Optional.ofNullable(configFile), System.getenv());
  }
}
