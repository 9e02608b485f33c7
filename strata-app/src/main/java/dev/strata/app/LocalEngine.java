package dev.strata.app;

import dev.strata.app.config.StrataConfig;
import dev.strata.core.provider.Provider;
import dev.strata.providers.local.LocalEngineConfig;
import dev.strata.providers.local.LocalEngineProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Starts the embedded llama.cpp engine when it is enabled and its model file can be had. */
final class LocalEngine {
  static final String PROVIDER_NAME = "local";
  private static final Duration SLOT_WAIT = Duration.ofSeconds(60);

  private LocalEngine() {}

  static Optional<Provider> start(StrataConfig config, PrintStream out) {
    StrataConfig.Local local = config.local();
    if (!local.enabled()) {
      return Optional.empty();
    }
    Optional<Path> file = LocalModelFile.resolve(config, out);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    int threads = local.threads() > 0 ? local.threads() : Runtime.getRuntime().availableProcessors();
    try {
      return Optional.of(
          LocalEngineProvider.load(
              new LocalEngineConfig(
                  PROVIDER_NAME,
                  file.get(),
                  local.contextSize(),
                  local.parallel(),
                  threads,
                  local.maxOutputTokens(),
                  SLOT_WAIT)));
    } catch (RuntimeException e) {
      out.println("strata: warning: the local model " + file.get() + " could not be loaded: " + e.getMessage());
      out.println("strata: warning: the local engine is off; the other models are served as usual");
      return Optional.empty();
    }
  }
}
