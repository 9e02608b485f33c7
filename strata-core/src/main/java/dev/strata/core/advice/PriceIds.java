package dev.strata.core.advice;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.money.PriceBook;
import java.util.Map;
import java.util.Optional;

/**
 * Which price-book entry prices a model the ledger names as its served model: the catalog's
 * listed price id, or — for a model no longer configured — the name itself when the price book
 * knows it. Models priced by machine time or provisioned capacity have none.
 */
@FunctionalInterface
public interface PriceIds {
  /** The price-book id that prices {@code servedModel} on demand, if any. */
  Optional<String> priceId(String servedModel);

  /** Price ids from the catalog's models. */
  static PriceIds of(ModelCatalog catalog, PriceBook prices) {
    requireNonNull(catalog, "catalog");
    requireNonNull(prices, "prices");
    return served -> {
      Optional<PriceSource> pricing = catalog.model(served).map(ModelEntry::pricing);
      if (pricing.isEmpty()) {
        return prices.knows(served) ? Optional.of(served) : Optional.empty();
      }
      return switch (pricing.get()) {
        case PriceSource.Listed listed -> Optional.of(listed.priceId());
        case PriceSource.MachineTime machine -> Optional.empty();
        case PriceSource.Provisioned provisioned -> Optional.empty();
      };
    };
  }

  /** Price ids from a map of model name to price id, e.g. a configuration's models. */
  static PriceIds of(Map<String, String> priceIdByModel, PriceBook prices) {
    Map<String, String> byModel = Map.copyOf(requireNonNull(priceIdByModel, "priceIdByModel"));
    requireNonNull(prices, "prices");
    return served -> {
      String id = byModel.get(served);
      if (id != null) {
        return Optional.of(id);
      }
      return prices.knows(served) ? Optional.of(served) : Optional.empty();
    };
  }
}
