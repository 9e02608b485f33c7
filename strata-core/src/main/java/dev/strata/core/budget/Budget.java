package dev.strata.core.budget;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import java.util.List;

/**
 * A spend limit.
 *
 * @param id stable identifier
 * @param name what people call it; error messages and alerts name the budget by it
 * @param scope which requests count
 * @param period how often it starts afresh
 * @param limit the most that may be spent per period
 * @param enforcement refuse (hard) or only alert (soft)
 * @param alertPercents thresholds, in percent of the limit, each alerted once per period
 */
public record Budget(
    String id,
    String name,
    BudgetScope scope,
    BudgetPeriod period,
    Money limit,
    Enforcement enforcement,
    List<Integer> alertPercents) {
  public Budget {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(scope, "scope");
    requireNonNull(period, "period");
    requireNonNull(limit, "limit");
    requireNonNull(enforcement, "enforcement");
    alertPercents = alertPercents.stream().distinct().sorted().toList();
    if (name.isBlank()) {
      throw StrataException.invalid("name", "A budget needs a name.");
    }
    if (limit.isNegative() || limit.isZero()) {
      throw StrataException.invalid("limit", "A budget's limit must be more than $0.");
    }
    for (int percent : alertPercents) {
      if (percent < 1 || percent > 1000) {
        throw StrataException.invalid(
            "alerts", "Alert thresholds are percentages from 1 to 1000; got " + percent + ".");
      }
    }
  }

  public boolean isHard() {
    return enforcement == Enforcement.HARD;
  }
}
