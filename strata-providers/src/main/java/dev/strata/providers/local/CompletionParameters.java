package dev.strata.providers.local;

import de.kherud.llama.InferenceParameters;
import dev.strata.core.model.InferenceConfig;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Builds llama.cpp's completion request. Two keys have no setter in java-llama.cpp 4.2.0 and are
 * written into its (package-private) JSON map by reflection: {@code prompt} as the exact token ids
 * the engine counted, and {@code id_slot}, which pins the generation to the slot whose KV cache it
 * should reuse. The reflective access is checked once, when the engine loads.
 */
final class CompletionParameters {
  private static final String MISSING =
      "this version of java-llama.cpp has no JsonParameters.parameters map; the local engine"
          + " needs de.kherud:llama 4.2.0";
  private static final Field JSON_MAP = jsonMap();

  private CompletionParameters() {}

  /** Fails at load time, naming the library, if the reflective access does not work. */
  static void check() {
    raw(new InferenceParameters(""), "id_slot", "0");
  }

  static InferenceParameters of(int[] prompt, int slot, int maxTokens, InferenceConfig inference) {
    InferenceParameters params =
        new InferenceParameters("").setNPredict(maxTokens).setCachePrompt(true);
    inference.temperature().ifPresent(t -> params.setTemperature((float) t));
    inference.topP().ifPresent(p -> params.setTopP((float) p));
    // llama.cpp's seed is 32 bits: a longer seed keeps its low 32 bits.
    inference.seed().ifPresent(seed -> params.setSeed((int) seed));
    raw(params, "prompt", tokenArray(prompt));
    raw(params, "id_slot", Integer.toString(slot));
    return params;
  }

  static String tokenArray(int[] tokens) {
    StringBuilder json = new StringBuilder(tokens.length * 6 + 2).append('[');
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(tokens[i]);
    }
    return json.append(']').toString();
  }

  @SuppressWarnings("unchecked")
  private static void raw(InferenceParameters params, String key, String json) {
    if (JSON_MAP == null) {
      throw new IllegalStateException(MISSING);
    }
    try {
      ((Map<String, String>) JSON_MAP.get(params)).put(key, json);
    } catch (IllegalAccessException | ClassCastException e) {
      throw new IllegalStateException(
          "java-llama.cpp's InferenceParameters cannot be extended with '" + key + "'", e);
    }
  }

  /** The library's JSON map field, or null when this library version has none. */
  private static Field jsonMap() {
    try {
      Field field = Class.forName("de.kherud.llama.JsonParameters").getDeclaredField("parameters");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.getLogger(CompletionParameters.class.getName())
          .log(System.Logger.Level.ERROR, MISSING, e);
      return null;
    }
  }
}
