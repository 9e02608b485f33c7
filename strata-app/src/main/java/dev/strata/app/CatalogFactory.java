package dev.strata.app;

import dev.strata.app.config.ConfigException;
import dev.strata.app.config.StrataConfig;
import dev.strata.app.config.StrataConfig.ModelSettings;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.money.PriceBook;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds the model catalog from configuration, checking that every model has a price. */
final class CatalogFactory {
  /** The alias that always names the embedded engine's model. */
  static final String LOCAL_ALIAS = "local";

  private CatalogFactory() {}

  static ModelCatalog build(
      StrataConfig config, PriceBook prices, Optional<ModelEntry> localModel, LocalDate today) {
    List<ModelEntry> entries = new ArrayList<>();
    List<ModelSettings> models = config.models();
    for (int i = 0; i < models.size(); i++) {
      ModelSettings model = models.get(i);
      if (prices.priceOn(model.price(), today).isEmpty()) {
        throw new ConfigException(
            config.source() + ": models[" + i + "].price: the price book has no price for '"
                + model.price() + "' (known: " + String.join(", ", prices.modelIds())
                + "); add one with pricing.overrides");
      }
      entries.add(
          new ModelEntry(
              model.name(),
              model.provider(),
              model.upstreamModel(),
              new PriceSource.Listed(model.price()),
              model.maxOutputTokens(),
              model.embeddings()));
    }
    Map<String, List<String>> aliases = new LinkedHashMap<>(config.aliases());
    localModel.ifPresent(
        local -> {
          entries.add(local);
          aliases.putIfAbsent(LOCAL_ALIAS, List.of(local.name()));
        });
    // Aliases that name the local model while it is unavailable drop it rather than fail.
    Map<String, List<String>> usable = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> alias : aliases.entrySet()) {
      List<String> targets =
          alias.getValue().stream()
              .map(
                  target ->
                      target.equals(LOCAL_ALIAS) && localModel.isPresent()
                          ? localModel.get().name()
                          : target)
              .filter(target -> entries.stream().anyMatch(e -> e.name().equals(target)))
              .toList();
      if (!targets.isEmpty()) {
        usable.put(alias.getKey(), targets);
      }
    }
    return new ModelCatalog(entries, usable);
  }

  static ModelEntry localEntry(StrataConfig.Local local) {
    return new ModelEntry(
        local.modelName(),
        "local",
        local.modelName(),
        new PriceSource.MachineTime(local.machineCostPerHour(), local.parallel()),
        OptionalInt.of(local.maxOutputTokens()),
        false);
  }
}
