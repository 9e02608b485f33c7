package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import java.util.List;

/** Resolves the requested model or alias to the concrete models that may serve it, in order. */
public final class Route implements Step {
  private final ModelCatalog catalog;

  public Route(ModelCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    Operation operation = exchange.operation();
    List<ModelEntry> candidates = catalog.resolve(operation.model());
    boolean wantsEmbeddings = operation instanceof Operation.Embed;
    List<ModelEntry> fit =
        candidates.stream().filter(m -> m.supportsEmbeddings() == wantsEmbeddings).toList();
    if (fit.isEmpty()) {
      throw StrataException.invalid(
          "model",
          "The model '"
              + operation.model()
              + (wantsEmbeddings ? "' is not an embedding model" : "' is an embedding model")
              + "; it cannot serve " + operation.name() + " requests");
    }
    exchange.routedTo(fit);
    return next.proceed(exchange);
  }
}
