package dev.strata.core.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Sampling settings shared by every wire format; an absent value means the model's default. */
public record InferenceConfig(
    OptionalInt maxTokens,
    OptionalDouble temperature,
    OptionalDouble topP,
    List<String> stopSequences,
    OptionalLong seed,
    Optional<String> user) {

  public static final InferenceConfig DEFAULTS =
      new InferenceConfig(
          OptionalInt.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          List.of(),
          OptionalLong.empty(),
          Optional.empty());

  public InferenceConfig {
    stopSequences = List.copyOf(stopSequences);
  }

  public InferenceConfig withMaxTokens(int tokens) {
    return new InferenceConfig(OptionalInt.of(tokens), temperature, topP, stopSequences, seed, user);
  }
}
