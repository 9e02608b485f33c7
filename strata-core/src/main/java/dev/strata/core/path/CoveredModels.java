package dev.strata.core.path;

import dev.strata.core.catalog.ModelEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The model names a budget or rate limit may cover a request by: the model or alias the caller
 * named, then every model it may be served by.
 */
final class CoveredModels {
  private CoveredModels() {}

  static List<String> of(String requested, List<ModelEntry> candidates) {
    List<String> models = new ArrayList<>(candidates.size() + 1);
    models.add(requested);
    candidates.forEach(model -> models.add(model.name()));
    return models;
  }
}
