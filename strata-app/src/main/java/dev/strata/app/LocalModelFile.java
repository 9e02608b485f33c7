package dev.strata.app;

import dev.strata.app.config.StrataConfig;
import dev.strata.providers.hub.HubFile;
import dev.strata.providers.hub.ModelPuller;
import dev.strata.providers.hub.PullProgress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the local engine's GGUF file: a path as configured, or a hub reference kept under {@code
 * <home>/models/} and pulled on first use when allowed.
 */
public final class LocalModelFile {
  /** Where the local model lives and whether it is there yet. */
  public static String describe(StrataConfig config) {
    Path path = expectedPath(config);
    return path + (Files.isRegularFile(path) ? "" : " (not downloaded)");
  }

  private LocalModelFile() {}

  /** The models folder of a data home. */
  static Path modelsFolder(StrataConfig config) {
    return config.home().resolve("models");
  }

  /** Where the configured model is (or would be) on disk. */
  static Path expectedPath(StrataConfig config) {
    String model = config.local().model();
    if (HubFile.looksLikeReference(model)) {
      return modelsFolder(config).resolve(HubFile.parse(model).fileName());
    }
    return Path.of(model);
  }

  /**
   * The model file, pulling it when it is a missing hub file and pulling is on; empty (with a
   * warning on {@code out}) when it cannot be had.
   */
  static Optional<Path> resolve(StrataConfig config, PrintStream out) {
    StrataConfig.Local local = config.local();
    Path path = expectedPath(config);
    if (Files.isRegularFile(path)) {
      return Optional.of(path);
    }
    if (!HubFile.looksLikeReference(local.model())) {
      out.println("strata: warning: the local model file " + path + " does not exist; the local engine is off");
      return Optional.empty();
    }
    if (!local.pull()) {
      out.println(
          "strata: warning: the local model " + local.model() + " is not in " + modelsFolder(config)
              + " and local.pull is off; run `strata models pull " + local.model() + "`");
      return Optional.empty();
    }
    out.println("strata: pulling the local model " + local.model() + " (first start)…");
    try {
      return Optional.of(
          new ModelPuller(local.hubUrl(), PullProgress.bar(out))
              .pull(HubFile.parse(local.model()), modelsFolder(config), local.sha256()));
    } catch (ModelPuller.PullException e) {
      out.println("strata: warning: " + e.getMessage());
      out.println("strata: warning: the local engine is off; the other models are served as usual");
      return Optional.empty();
    }
  }
}
