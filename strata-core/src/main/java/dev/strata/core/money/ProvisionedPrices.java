package dev.strata.core.money;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.money.PriceBookLoader.PriceBookException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the optional {@code provisioned:} part of a price-book entry: {@code
 * tokensPerMinutePerUnit}, {@code hourlyPerUnit: {none, oneMonth, sixMonths}} (USD strings, at
 * least one) and an optional {@code source} (the entry's own by default). It takes the entry's
 * effective date. Unknown keys are errors, so a misspelt term is not silently unpriced.
 */
final class ProvisionedPrices {
  private static final Set<String> FIELDS =
      Set.of("tokensPerMinutePerUnit", "hourlyPerUnit", "source");
  private static final Set<String> TERMS = Set.of("none", "oneMonth", "sixMonths");

  private ProvisionedPrices() {}

  static Optional<ProvisionedPrice> read(ModelPrice entry, JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw new PriceBookException(
          where + " must be a mapping with tokensPerMinutePerUnit and hourlyPerUnit");
    }
    unknownKeys(node, FIELDS, where);
    JsonNode hourly = node.get("hourlyPerUnit");
    if (hourly == null || hourly.isNull()) {
      throw PriceBookLoader.missing(where, "hourlyPerUnit");
    }
    if (!hourly.isObject()) {
      throw new PriceBookException(
          where + ".hourlyPerUnit must map none, oneMonth and/or sixMonths to USD per unit-hour");
    }
    unknownKeys(hourly, TERMS, where + ".hourlyPerUnit");
    Optional<Money> none = usd(hourly, "none", where);
    Optional<Money> oneMonth = usd(hourly, "oneMonth", where);
    Optional<Money> sixMonths = usd(hourly, "sixMonths", where);
    if (none.isEmpty() && oneMonth.isEmpty() && sixMonths.isEmpty()) {
      throw new PriceBookException(
          where + ".hourlyPerUnit needs a price for at least one of none, oneMonth, sixMonths");
    }
    JsonNode source = node.get("source");
    return Optional.of(
        new ProvisionedPrice(
            entry.modelId(),
            entry.effectiveFrom(),
            source == null || source.asText("").isBlank() ? entry.source() : source.asText(),
            tokensPerMinute(node, where),
            none,
            oneMonth,
            sixMonths));
  }

  private static long tokensPerMinute(JsonNode node, String where) {
    JsonNode value = node.get("tokensPerMinutePerUnit");
    if (value == null || value.isNull()) {
      throw PriceBookLoader.missing(where, "tokensPerMinutePerUnit");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
      throw new PriceBookException(
          where
              + ".tokensPerMinutePerUnit: '"
              + value.asText()
              + "' is not a positive whole number");
    }
    return value.longValue();
  }

  private static Optional<Money> usd(JsonNode hourly, String term, String where) {
    JsonNode value = hourly.get(term);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    try {
      Money price = Money.ofUsd(new BigDecimal(value.asText().strip()));
      if (price.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return Optional.of(price);
    } catch (IllegalArgumentException e) {
      throw new PriceBookException(
          where
              + ".hourlyPerUnit."
              + term
              + ": '"
              + value.asText()
              + "' is not an amount in USD per model unit and hour");
    }
  }

  private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!allowed.contains(field.getKey())) {
        throw new PriceBookException(
            where
                + "."
                + field.getKey()
                + " is not a known field (expected one of "
                + allowed.stream().sorted().toList()
                + ")");
      }
    }
  }
}
