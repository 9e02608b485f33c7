package dev.strata.core.provider;

import static java.util.Objects.requireNonNull;

/** One call of a native batch, with the id its result comes back under. */
public record NativeBatchCall(String customId, ModelCall call) {
  public NativeBatchCall {
    requireNonNull(customId, "customId");
    requireNonNull(call, "call");
  }
}
