package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A model's complete answer: the assistant message, why it stopped and what it used. {@code
 * usage} is empty when the upstream did not report it; metering then counts the tokens itself.
 */
public record ChatResponse(Message output, StopReason stopReason, Optional<Usage> usage) {
  public ChatResponse {
    requireNonNull(output, "output");
    requireNonNull(stopReason, "stopReason");
    requireNonNull(usage, "usage");
  }
}
