package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * One {@code strata.budget.utilisation} gauge per budget, read when scraped. Registering a budget
 * again replaces its gauge, so a changed budget needs no removal first.
 */
final class BudgetGauges {
  private final MeterRegistry registry;
  private final Map<String, Gauge> gauges = new HashMap<>();

  BudgetGauges(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  synchronized void register(String budget, DoubleSupplier fractionUsed) {
    requireNonNull(budget, "budget");
    requireNonNull(fractionUsed, "fractionUsed");
    remove(budget);
    gauges.put(
        budget,
        Gauge.builder(SemanticNames.BUDGET_UTILISATION, fractionUsed::getAsDouble)
            .description("Fraction of each budget used in its current period; above 1 is overspent")
            .baseUnit("ratio")
            .tag(SemanticNames.BUDGET, budget)
            .strongReference(true)
            .register(registry));
  }

  synchronized boolean remove(String budget) {
    Gauge gauge = gauges.remove(requireNonNull(budget, "budget"));
    if (gauge == null) {
      return false;
    }
    registry.remove(gauge);
    return true;
  }
}
