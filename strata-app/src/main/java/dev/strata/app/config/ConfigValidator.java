package dev.strata.app.config;

import dev.strata.app.config.StrataConfig.ModelSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cross-checks a bound configuration: names refer to things that exist, nothing is defined twice. */
final class ConfigValidator {
  /** The provider name the embedded engine registers under. */
  static final String LOCAL_PROVIDER = "local";

  private ConfigValidator() {}

  static void validate(StrataConfig config, ConfigTree tree) {
    ConfigReader read = new ConfigReader(tree);
    if (config.providers().containsKey(LOCAL_PROVIDER)) {
      throw read.error("providers." + LOCAL_PROVIDER, "is reserved for the embedded engine; configure it under 'local'");
    }
    Set<String> names = new HashSet<>();
    List<ModelSettings> models = config.models();
    for (int i = 0; i < models.size(); i++) {
      ModelSettings model = models.get(i);
      String at = "models[" + i + "]";
      if (!names.add(model.name())) {
        throw read.error(at + ".name", "'" + model.name() + "' is defined twice");
      }
      boolean known =
          config.providers().containsKey(model.provider())
              || (model.provider().equals(LOCAL_PROVIDER) && config.local().enabled());
      if (!known) {
        throw read.error(
            at + ".provider",
            "names provider '" + model.provider() + "', which is not configured (configured: "
                + String.join(", ", config.providers().keySet()) + ")");
      }
    }
    for (Map.Entry<String, List<String>> alias : config.aliases().entrySet()) {
      if (names.contains(alias.getKey())) {
        throw read.error("aliases." + alias.getKey(), "has the same name as a model");
      }
      for (String target : alias.getValue()) {
        if (!names.contains(target) && !isLocalModelName(config, target)) {
          throw read.error("aliases." + alias.getKey(), "names unknown model '" + target + "'");
        }
      }
    }
  }

  private static boolean isLocalModelName(StrataConfig config, String name) {
    return config.local().enabled()
        && (name.equals(LOCAL_PROVIDER) || name.equals(config.local().modelName()));
  }
}
