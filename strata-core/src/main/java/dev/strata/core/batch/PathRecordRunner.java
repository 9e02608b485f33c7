package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.money.Billing;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.Step;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Runs batch records through a request path of their own — the interactive path's budgets, rate
 * limits, routing and metering, with a ledger that hands each usage record back to the worker —
 * billed as batch work at on-demand prices.
 */
public final class PathRecordRunner implements RecordRunner {
  private final RequestPath path;
  private final CapturedUsage usage;
  private final Clock clock;

  /**
   * @param steps builds the path's steps given the ledger its settle step must append to
   */
  public PathRecordRunner(Function<Ledger, List<Step>> steps, Clock clock) {
    this.usage = new CapturedUsage();
    this.path = new RequestPath(requireNonNull(steps, "steps").apply(usage));
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public RecordRun run(BatchJob job, BatchLine line, String requestId) {
    Exchange exchange =
        Exchange.preAuthenticated(
                requestId,
                clock.instant(),
                System.nanoTime(),
                job.api().wireName(),
                job.owner(),
                line.operation())
            .billing(Billing.BATCH_AT_ON_DEMAND_PRICE);
    try {
      Answer answer = path.run(exchange);
      return new RecordRun.Answered(answer, usage.take(requestId));
    } catch (StrataException refused) {
      return new RecordRun.Refused(refused, usage.take(requestId));
    } catch (RuntimeException defect) {
      return new RecordRun.Refused(
          StrataException.internal("the record could not be run", defect), usage.take(requestId));
    }
  }

  @Override
  public String toString() {
    return "PathRecordRunner[" + path + "]";
  }
}
