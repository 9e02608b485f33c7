package dev.strata.core.testing;

import dev.strata.core.budget.AlertSink;
import dev.strata.core.budget.BudgetAlert;
import java.util.ArrayList;
import java.util.List;

/** An {@link AlertSink} that keeps every alert it is sent, in order. Thread-safe. */
public final class RecordingAlertSink implements AlertSink {
  private final List<BudgetAlert> alerts = new ArrayList<>();

  @Override
  public synchronized void send(BudgetAlert alert) {
    alerts.add(alert);
  }

  public synchronized List<BudgetAlert> alerts() {
    return List.copyOf(alerts);
  }

  /** The threshold of every alert sent, in order. */
  public synchronized List<Integer> percents() {
    return alerts.stream().map(BudgetAlert::percent).toList();
  }
}
