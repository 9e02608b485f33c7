package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.UsageRecord;
import java.lang.System.Logger.Level;

/**
 * A ledger decorator: forwards every record to the real ledger, once, and then shows it to an
 * observer. A record the ledger refused (its append threw) is not observed, so what is observed
 * agrees with what is stored; an observer that fails is logged and never fails the append.
 */
final class ObservedLedger implements Ledger {
  private static final System.Logger LOG = System.getLogger(ObservedLedger.class.getName());

  private final Ledger delegate;
  private final UsageObserver observer;
  private final String name;

  ObservedLedger(Ledger delegate, UsageObserver observer, String name) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.observer = requireNonNull(observer, "observer");
    this.name = requireNonNull(name, "name");
  }

  @Override
  public void append(UsageRecord record) {
    delegate.append(record);
    try {
      observer.observe(record);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, name + " could not observe request " + record.requestId(), e);
    }
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return name + " → " + delegate;
  }
}
