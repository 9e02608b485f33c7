package dev.strata.app.cli;

import dev.strata.app.config.StrataConfig;
import dev.strata.app.config.StrataConfig.ModelSettings;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.providers.hub.HubFile;
import dev.strata.providers.hub.ModelPuller;
import dev.strata.providers.hub.PullProgress;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Lists the configured models with their prices, and pulls GGUF files for the local engine. */
@Command(
    name = "models",
    description = "List models and pull local GGUF files.",
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class})
final class ModelsCommand {
  @ParentCommand StrataCommand root;

  /** {@code strata models list}. */
  @Command(name = "list", description = "List the models this configuration serves, with list prices.")
  static final class ListModels implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      StrataConfig config = models.root.config();
      PriceBook prices =
          config.priceOverrides().map(PriceBookLoader::shippedWithOverrides).orElseGet(PriceBookLoader::shipped);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      List<List<String>> rows = new ArrayList<>();
      for (ModelSettings model : config.models()) {
        Optional<ModelPrice> price = prices.priceOn(model.price(), today);
        rows.add(
            List.of(
                model.name(),
                model.provider(),
                model.upstreamModel(),
                price.map(p -> "$" + p.input().usdPerMillion().toPlainString()).orElse("unpriced"),
                price.map(p -> "$" + p.output().usdPerMillion().toPlainString()).orElse("unpriced"),
                price.map(ModelPrice::reference).orElse("")));
      }
      if (config.local().enabled()) {
        rows.add(
            List.of(
                config.local().modelName(),
                "local",
                dev.strata.app.LocalModelFile.describe(config),
                "machine time",
                "machine time",
                "$" + config.local().machineCostPerHour().toUsdString() + "/h over "
                    + config.local().parallel() + " slots"));
      }
      Table.print(
          spec.commandLine().getOut(),
          List.of("MODEL", "PROVIDER", "UPSTREAM", "INPUT/1M", "OUTPUT/1M", "PRICE SOURCE"),
          rows);
      config.aliases().forEach((alias, targets) -> spec.commandLine().getOut().println("alias " + alias + " → " + targets));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code strata models pull OWNER/REPO/FILE}. */
  @Command(name = "pull", description = "Download a GGUF file from Hugging Face into the data folder.")
  static final class Pull implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "OWNER/REPO/FILE", description = "e.g. Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf")
    String reference;

    @Option(names = "--sha256", description = "Expected SHA-256 (default: the hub's published one).")
    String sha256;

    @Option(names = "--hub-url", description = "Hub to download from (default: local.hubUrl).")
    URI hubUrl;

    @Option(names = "--dir", description = "Folder to store it in (default: <home>/models).")
    Path dir;

    @Override
    public Integer call() {
      StrataConfig config = models.root.config();
      HubFile file;
      try {
        file = HubFile.parse(reference);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage());
      }
      Path folder = dir != null ? dir : config.home().resolve("models");
      URI hub = hubUrl != null ? hubUrl : config.local().hubUrl();
      try {
        Path path =
            new ModelPuller(hub, PullProgress.bar(System.out)).pull(file, folder, Optional.ofNullable(sha256));
        spec.commandLine().getOut().println("Model ready: " + path);
        spec.commandLine().getOut().flush();
      } catch (ModelPuller.PullException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
      return 0;
    }
  }
}
