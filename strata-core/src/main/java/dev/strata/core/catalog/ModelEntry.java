package dev.strata.core.catalog;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A model callers can name: which provider serves it under which upstream id, how it is priced,
 * and its limits.
 *
 * @param name the public name clients use
 * @param provider the configured provider that serves it
 * @param upstreamModel the model id the provider knows it by
 * @param pricing how its cost is computed
 * @param maxOutputTokens the most tokens it can generate in one answer, if known
 * @param supportsEmbeddings whether it is an embedding model
 */
public record ModelEntry(
    String name,
    String provider,
    String upstreamModel,
    PriceSource pricing,
    OptionalInt maxOutputTokens,
    boolean supportsEmbeddings) {
  public ModelEntry {
    requireNonNull(name, "name");
    requireNonNull(provider, "provider");
    requireNonNull(upstreamModel, "upstreamModel");
    requireNonNull(pricing, "pricing");
    requireNonNull(maxOutputTokens, "maxOutputTokens");
  }
}
