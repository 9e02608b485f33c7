package dev.strata.core.provider;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatRequest;

/** A chat request addressed to one concrete upstream model of a provider. */
public record ModelCall(ChatRequest request, String upstreamModel) {
  public ModelCall {
    requireNonNull(request, "request");
    requireNonNull(upstreamModel, "upstreamModel");
  }
}
