package dev.strata.server.bedrock.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.util.List;
import java.util.Optional;

/**
 * The catalog name a job's {@code modelId} resolves to: a model or alias name, a name the catalog
 * resolves at run time (a provisioned model's ARN), or the model a foundation-model ARN names by
 * its last segment. Its records are chat requests, so embedding models are refused.
 */
final class JobModels {
  private final ModelCatalog catalog;

  JobModels(ModelCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog");
  }

  /**
   * @throws StrataException INVALID_REQUEST naming {@code modelId} when nothing serves it
   */
  String batchModel(String modelId) {
    Optional<String> name = resolvable(modelId);
    if (name.isEmpty() && modelId.startsWith("arn:")) {
      int slash = modelId.lastIndexOf('/');
      if (slash > 0 && slash < modelId.length() - 1) {
        name = resolvable(modelId.substring(slash + 1));
      }
    }
    String model =
        name.orElseThrow(
            () ->
                StrataException.invalid(
                    "modelId",
                    "The model identifier '"
                        + modelId
                        + "' at 'modelId' names no model this gateway serves."));
    if (catalog.resolve(model).get(0).supportsEmbeddings()) {
      throw StrataException.invalid(
          "modelId",
          "The model '"
              + modelId
              + "' at 'modelId' is an embedding model; batch jobs run text models.");
    }
    return model;
  }

  private Optional<String> resolvable(String name) {
    try {
      List<ModelEntry> entries = catalog.resolve(name);
      return entries.isEmpty() ? Optional.empty() : Optional.of(name);
    } catch (StrataException unknown) {
      if (unknown.kind() == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw unknown;
    }
  }
}
