package dev.strata.core.catalog;

import java.util.Optional;

/** Models that come and go at run time — provisioned throughput — looked up by name or ARN. */
@FunctionalInterface
public interface DynamicModels {
  DynamicModels NONE = name -> Optional.empty();

  /** The model callers reach by {@code name}, if there is one now. */
  Optional<ModelEntry> find(String name);
}
