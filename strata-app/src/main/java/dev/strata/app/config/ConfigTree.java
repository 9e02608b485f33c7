package dev.strata.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged configuration tree — shipped defaults, then the YAML file, then environment
 * variables — remembering where each value came from so that errors can name it.
 */
final class ConfigTree {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final String DEFAULTS = "/dev/strata/app/config/defaults.yaml";

  private final ObjectNode root;
  private final Map<String, String> origins = new HashMap<>();
  private final String fileName;

  private ConfigTree(ObjectNode root, String fileName) {
    this.root = root;
    this.fileName = fileName;
  }

  static ConfigTree load(Path file, boolean fileRequired, Map<String, String> env) {
    ObjectNode tree = defaults();
    String name = file.toString();
    ConfigTree config = new ConfigTree(tree, name);
    if (Files.exists(file)) {
      JsonNode fromFile = readFile(file);
      config.mergeFile(tree, fromFile, "", env);
    } else if (fileRequired) {
      throw new ConfigException(name + ": the configuration file does not exist");
    }
    config.applyEnvironment(tree, "", env);
    return config;
  }

  private static ObjectNode defaults() {
    try (InputStream in = ConfigTree.class.getResourceAsStream(DEFAULTS)) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("the shipped configuration defaults are unreadable", e);
    }
  }

  private static JsonNode readFile(Path file) {
    try {
      JsonNode node = YAML.readTree(Files.readAllBytes(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(file + ": the top level must be a mapping of settings");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw new ConfigException(file + ": not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage());
    }
  }

  /** Lays the file over the defaults; keys unknown to the defaults are errors, except in open maps. */
  private void mergeFile(ObjectNode target, JsonNode source, String prefix, Map<String, String> env) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      String key = field.getKey();
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      JsonNode value = interpolate(field.getValue(), path, env);
      JsonNode existing = target.get(key);
      boolean openMap = isOpenMap(prefix);
      if (existing == null && !openMap) {
        throw new ConfigException(
            fileName + ": unknown key '" + path + "'" + knownKeys(target));
      }
      if (existing != null && existing.isObject() && value.isObject() && !isOpenMap(path)) {
        mergeFile((ObjectNode) existing, value, path, env);
      } else {
        target.set(key, value);
        markOrigins(path, value, fileName);
      }
    }
  }

  /**
   * Maps whose keys are the user's names (providers, aliases, headers) rather than Strata's
   * settings.
   */
  private static boolean isOpenMap(String path) {
    return path.equals("providers")
        || path.equals("aliases")
        || path.startsWith("providers.")
        || path.equals("telemetry.otlp.headers");
  }

  private void markOrigins(String path, JsonNode value, String origin) {
    origins.put(path, origin);
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        markOrigins(path + "." + field.getKey(), field.getValue(), origin);
      }
    }
  }

  private static String knownKeys(ObjectNode target) {
    List<String> names = new java.util.ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    return names.isEmpty() ? "" : " (known keys here: " + String.join(", ", names) + ")";
  }

  private JsonNode interpolate(JsonNode value, String path, Map<String, String> env) {
    if (value.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        copy.set(field.getKey(), interpolate(field.getValue(), path + "." + field.getKey(), env));
      }
      return copy;
    }
    if (value.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        copy.add(interpolate(value.get(i), path + "[" + i + "]", env));
      }
      return copy;
    }
    if (!value.isTextual()) {
      return value;
    }
    Matcher m = VARIABLE.matcher(value.asText());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = env.get(m.group(1));
      if (replacement == null) {
        replacement = m.group(3);
      }
      if (replacement == null) {
        throw new ConfigException(
            fileName + ": " + path + " refers to ${" + m.group(1) + "}, which is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return JsonNodeFactory.instance.textNode(out.toString());
  }

  /** Overrides each scalar setting from STRATA_<PATH> when that variable is set. */
  private void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        applyEnvironment((ObjectNode) value, path, env);
      } else if (!value.isArray()) {
        String variable = environmentName(path);
        String override = env.get(variable);
        if (override != null) {
          node.put(field.getKey(), override);
          origins.put(path, "environment variable " + variable);
        }
      }
    }
  }

  /** {@code providers.openai.apiKey} → {@code STRATA_PROVIDERS_OPENAI_API_KEY}. */
  static String environmentName(String path) {
    String snake = path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_');
    return "STRATA_" + snake.toUpperCase(Locale.ROOT);
  }

  ObjectNode root() {
    return root;
  }

  /** Where the value at {@code path} came from: the file, a variable, or the defaults. */
  String origin(String path) {
    String origin = origins.get(path);
    return origin != null ? origin : fileName;
  }
}
