package dev.strata.core.budget;

/** Delivers budget alerts; must not block the request that crossed the threshold. */
@FunctionalInterface
public interface AlertSink {
  AlertSink NONE = alert -> {};

  void send(BudgetAlert alert);
}
