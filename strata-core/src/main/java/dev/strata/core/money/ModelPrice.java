package dev.strata.core.money;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The list prices of one model from one date on, and where they were published. Absent cache and
 * batch prices fall back to the on-demand input/output prices (see the accessors).
 */
public record ModelPrice(
    String modelId,
    String provider,
    LocalDate effectiveFrom,
    String source,
    TokenPrice input,
    TokenPrice output,
    Optional<TokenPrice> cacheWrite5m,
    Optional<TokenPrice> cacheWrite1h,
    Optional<TokenPrice> cacheRead,
    Optional<TokenPrice> batchInput,
    Optional<TokenPrice> batchOutput) {

  public ModelPrice {
    requireNonNull(modelId, "modelId");
    requireNonNull(provider, "provider");
    requireNonNull(effectiveFrom, "effectiveFrom");
    requireNonNull(source, "source");
    requireNonNull(input, "input");
    requireNonNull(output, "output");
    requireNonNull(cacheWrite5m, "cacheWrite5m");
    requireNonNull(cacheWrite1h, "cacheWrite1h");
    requireNonNull(cacheRead, "cacheRead");
    requireNonNull(batchInput, "batchInput");
    requireNonNull(batchOutput, "batchOutput");
  }

  /** A model billed at flat input/output prices with no cache or batch prices. */
  public static ModelPrice flat(
      String modelId, String provider, String source, TokenPrice input, TokenPrice output) {
    return new ModelPrice(
        modelId,
        provider,
        LocalDate.EPOCH,
        source,
        input,
        output,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public TokenPrice inputAt(Tier tier) {
    return tier == Tier.BATCH ? batchInput.orElse(input) : input;
  }

  public TokenPrice outputAt(Tier tier) {
    return tier == Tier.BATCH ? batchOutput.orElse(output) : output;
  }

  /** Cache reads without a published price are billed as plain input, never below it. */
  public TokenPrice cacheReadPrice() {
    return cacheRead.orElse(input);
  }

  public TokenPrice cacheWrite5mPrice() {
    return cacheWrite5m.orElse(input);
  }

  public TokenPrice cacheWrite1hPrice() {
    return cacheWrite1h.orElse(cacheWrite5mPrice());
  }

  /** A short reference to this price for the ledger: model, date and source. */
  public String reference() {
    return modelId + "@" + effectiveFrom + " (" + source + ")";
  }
}
