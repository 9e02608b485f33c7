package dev.strata.core.money;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versioned list prices: for each model, the prices in force from each effective date on. The
 * shipped book is overridable per deployment ({@link PriceBookLoader}).
 */
public final class PriceBook {
  private final String version;
  private final Map<String, List<ModelPrice>> byModel;

  public PriceBook(String version, List<ModelPrice> prices) {
    this.version = requireNonNull(version, "version");
    Map<String, List<ModelPrice>> grouped = new HashMap<>();
    for (ModelPrice price : prices) {
      grouped.computeIfAbsent(price.modelId(), id -> new ArrayList<>()).add(price);
    }
    grouped.replaceAll(
        (id, list) -> {
          list.sort(Comparator.comparing(ModelPrice::effectiveFrom).reversed());
          return List.copyOf(list);
        });
    this.byModel = Map.copyOf(grouped);
  }

  public String version() {
    return version;
  }

  /** The price of {@code modelId} in force on {@code date}, if the book knows the model then. */
  public Optional<ModelPrice> priceOn(String modelId, LocalDate date) {
    for (ModelPrice price : byModel.getOrDefault(modelId, List.of())) {
      if (!price.effectiveFrom().isAfter(date)) {
        return Optional.of(price);
      }
    }
    return Optional.empty();
  }

  public boolean knows(String modelId) {
    return byModel.containsKey(modelId);
  }

  /** Every model id with at least one price, sorted. */
  public List<String> modelIds() {
    return byModel.keySet().stream().sorted().toList();
  }

  /** All prices of all models, newest first per model. */
  public List<ModelPrice> all() {
    return byModel.values().stream().flatMap(List::stream).toList();
  }

  /** This book with {@code overrides} added; an override replaces a price with the same date. */
  public PriceBook overriddenBy(String overrideVersion, List<ModelPrice> overrides) {
    Map<String, ModelPrice> merged = new HashMap<>();
    for (ModelPrice price : all()) {
      merged.put(price.modelId() + "@" + price.effectiveFrom(), price);
    }
    for (ModelPrice price : overrides) {
      merged.put(price.modelId() + "@" + price.effectiveFrom(), price);
    }
    return new PriceBook(version + "+" + overrideVersion, new ArrayList<>(merged.values()));
  }

  @Override
  public String toString() {
    return "PriceBook[" + version + ", " + byModel.size() + " models]";
  }
}
