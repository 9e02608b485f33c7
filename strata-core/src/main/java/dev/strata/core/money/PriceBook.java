package dev.strata.core.money;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Versioned list prices: for each model, the token prices in force from each effective date on,
 * and, for models that can be provisioned, the price of reserved capacity. The shipped book is
 * overridable per deployment ({@link PriceBookLoader}).
 */
public final class PriceBook {
  private final String version;
  private final Map<String, List<ModelPrice>> byModel;
  private final Map<String, List<ProvisionedPrice>> provisionedByModel;

  public PriceBook(String version, List<ModelPrice> prices) {
    this(version, prices, List.of());
  }

  /** A book that also prices provisioned throughput. */
  public PriceBook(String version, List<ModelPrice> prices, List<ProvisionedPrice> provisioned) {
    this.version = requireNonNull(version, "version");
    this.byModel = newestFirst(prices, ModelPrice::modelId, ModelPrice::effectiveFrom);
    this.provisionedByModel =
        newestFirst(provisioned, ProvisionedPrice::modelId, ProvisionedPrice::effectiveFrom);
  }

  private static <T> Map<String, List<T>> newestFirst(
      List<T> prices, Function<T, String> model, Function<T, LocalDate> effective) {
    Map<String, List<T>> grouped = new HashMap<>();
    for (T price : prices) {
      grouped.computeIfAbsent(model.apply(price), id -> new ArrayList<>()).add(price);
    }
    grouped.replaceAll(
        (id, list) -> {
          list.sort(Comparator.comparing(effective).reversed());
          return List.copyOf(list);
        });
    return Map.copyOf(grouped);
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

  /**
   * The price of provisioned throughput for {@code modelId} in force on {@code date}: the newest
   * provisioned entry dated on or before it, if the book has one.
   */
  public Optional<ProvisionedPrice> provisionedPriceOn(String modelId, LocalDate date) {
    for (ProvisionedPrice price : provisionedByModel.getOrDefault(modelId, List.of())) {
      if (!price.effectiveFrom().isAfter(date)) {
        return Optional.of(price);
      }
    }
    return Optional.empty();
  }

  /** All provisioned prices of all models, newest first per model. */
  public List<ProvisionedPrice> allProvisioned() {
    return provisionedByModel.values().stream().flatMap(List::stream).toList();
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
    return new PriceBook(
        version + "+" + overrideVersion,
        merged(all(), overrides, price -> price.modelId() + "@" + price.effectiveFrom()),
        allProvisioned());
  }

  /**
   * This book with every price of {@code overrides} laid over it: a token price or a provisioned
   * price replaces the one of the same model and date; new dates and models are added.
   */
  public PriceBook overriddenBy(PriceBook overrides) {
    return new PriceBook(
        version + "+" + overrides.version(),
        merged(all(), overrides.all(), price -> price.modelId() + "@" + price.effectiveFrom()),
        merged(
            allProvisioned(),
            overrides.allProvisioned(),
            price -> price.modelId() + "@" + price.effectiveFrom()));
  }

  private static <T> List<T> merged(List<T> base, List<T> overrides, Function<T, String> key) {
    Map<String, T> merged = new HashMap<>();
    for (T price : base) {
      merged.put(key.apply(price), price);
    }
    for (T price : overrides) {
      merged.put(key.apply(price), price);
    }
    return new ArrayList<>(merged.values());
  }

  @Override
  public String toString() {
    return "PriceBook[" + version + ", " + byModel.size() + " models]";
  }
}
