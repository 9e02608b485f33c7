package dev.strata.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models and aliases a deployment serves. An alias names an ordered fallback list: the first
 * model is tried first, the next when it is unavailable.
 */
public final class ModelCatalog {
  private final Map<String, ModelEntry> models;
  private final Map<String, List<String>> aliases;
  private final DynamicModels dynamic;

  public ModelCatalog(List<ModelEntry> models, Map<String, List<String>> configuredAliases) {
    this(models, configuredAliases, DynamicModels.NONE);
  }

  private ModelCatalog(
      List<ModelEntry> models, Map<String, List<String>> configuredAliases, DynamicModels dynamic) {
    this.dynamic = requireNonNull(dynamic, "dynamic");
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    configuredAliases.forEach((alias, targets) -> aliases.put(alias, List.copyOf(targets)));
    Map<String, ModelEntry> byName = new LinkedHashMap<>();
    for (ModelEntry model : models) {
      if (byName.putIfAbsent(model.name(), model) != null) {
        throw new IllegalArgumentException("model '" + model.name() + "' is defined twice");
      }
    }
    for (Map.Entry<String, List<String>> alias : aliases.entrySet()) {
      if (byName.containsKey(alias.getKey())) {
        throw new IllegalArgumentException(
            "alias '" + alias.getKey() + "' has the same name as a model");
      }
      if (alias.getValue().isEmpty()) {
        throw new IllegalArgumentException("alias '" + alias.getKey() + "' names no model");
      }
      for (String target : alias.getValue()) {
        if (!byName.containsKey(target)) {
          throw new IllegalArgumentException(
              "alias '" + alias.getKey() + "' names unknown model '" + target + "'");
        }
      }
    }
    this.models = java.util.Collections.unmodifiableMap(byName);
    this.aliases = java.util.Collections.unmodifiableMap(aliases);
  }

  /**
   * The models that may serve {@code name}, in the order to try them.
   *
   * @throws StrataException NOT_FOUND when neither a model nor an alias has that name
   */
  public List<ModelEntry> resolve(String name) {
    ModelEntry model = models.get(name);
    if (model != null) {
      return List.of(model);
    }
    List<String> targets = aliases.get(name);
    if (targets == null) {
      return dynamic.find(name).map(List::of).orElseThrow(() -> StrataException.modelNotFound(name));
    }
    List<ModelEntry> entries = new ArrayList<>(targets.size());
    for (String target : targets) {
      entries.add(models.get(target));
    }
    return List.copyOf(entries);
  }

  /** A configured model, or a model created at run time (e.g. a provisioned one), by name. */
  public Optional<ModelEntry> model(String name) {
    ModelEntry model = models.get(name);
    return model != null ? Optional.of(model) : dynamic.find(name);
  }

  /**
   * This catalog, also resolving the names {@code models} knows — models created at run time,
   * such as provisioned throughput — after its configured models and aliases.
   */
  public ModelCatalog withDynamicModels(DynamicModels models) {
    return new ModelCatalog(List.copyOf(this.models.values()), aliases, models);
  }

  /** Models in configuration order. */
  public List<ModelEntry> models() {
    return List.copyOf(models.values());
  }

  public Map<String, List<String>> aliases() {
    return aliases;
  }

  @Override
  public String toString() {
    return "ModelCatalog[" + models.keySet() + ", aliases=" + aliases.keySet() + "]";
  }
}
