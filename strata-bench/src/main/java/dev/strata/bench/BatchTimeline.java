package dev.strata.bench;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * When one batch of the benchmark did what, on the {@link System#nanoTime} clock: its upload, its
 * creation, the interactive phase that ran beside it and every change of its progress. Turns them
 * into the report's figures; records per second count from the first finished record seen.
 *
 * @param uploadStart when the input file's upload began
 * @param createStart when {@code POST /v1/batches} was sent (the upload had ended)
 * @param interactiveStart when the interactive load beside the batch began
 * @param interactiveEnd when it ended
 * @param observations the progress changes seen, oldest first; the last is terminal
 */
record BatchTimeline(
    long uploadStart,
    long createStart,
    long interactiveStart,
    long interactiveEnd,
    List<BatchWatch.Observation> observations) {

  BatchTimeline {
    observations = List.copyOf(observations);
    if (observations.isEmpty() || !observations.getLast().progress().isTerminal()) {
      throw new IllegalArgumentException("a timeline ends with the batch's terminal status");
    }
  }

  /**
   * The batch's figures.
   *
   * @param idealRecordsPerSecond concurrency / upstream latency
   * @param gatewayCpuSeconds the gateway's CPU time from the upload to the end, when known
   */
  BatchBenchReport.Batch batch(double idealRecordsPerSecond, Optional<Double> gatewayCpuSeconds) {
    BatchWatch.Observation last = observations.getLast();
    BatchProgress end = last.progress();
    Optional<BatchWatch.Observation> first = firstWhere(o -> o.progress().done() > 0);
    Optional<BatchWatch.Observation> allDone = firstWhere(o -> o.progress().isAllDone());
    Double rate = null;
    if (first.isPresent() && allDone.isPresent() && allDone.get().nanos() > first.get().nanos()) {
      rate =
          perSecond(
              allDone.get().progress().done() - first.get().progress().done(),
              allDone.get().nanos() - first.get().nanos());
    }
    long besideEnd = allDone.map(o -> Math.min(o.nanos(), interactiveEnd)).orElse(interactiveEnd);
    Double rateBeside =
        besideEnd > interactiveStart
            ? perSecond(doneAt(besideEnd) - doneAt(interactiveStart), besideEnd - interactiveStart)
            : null;
    return new BatchBenchReport.Batch(
        end.status(),
        end.total(),
        end.completed(),
        end.failed(),
        end.firstError(),
        seconds(createStart - uploadStart),
        first.map(o -> seconds(o.nanos() - createStart)).orElse(null),
        first.flatMap(f -> allDone.map(a -> seconds(a.nanos() - f.nanos()))).orElse(null),
        seconds(last.nanos() - createStart),
        rate,
        rate == null ? null : round(rate / idealRecordsPerSecond),
        rateBeside,
        allDone.map(o -> o.nanos() > interactiveEnd).orElse(false),
        gatewayCpuSeconds.map(BatchTimeline::round).orElse(null),
        gatewayCpuSeconds
            .filter(cpu -> end.done() > 0)
            .map(cpu -> round(cpu * 1000 / end.done()))
            .orElse(null));
  }

  /** Records finished by {@code nanos}, as last seen then. */
  int doneAt(long nanos) {
    int done = 0;
    for (BatchWatch.Observation observation : observations) {
      if (observation.nanos() > nanos) {
        break;
      }
      done = observation.progress().done();
    }
    return done;
  }

  private Optional<BatchWatch.Observation> firstWhere(
      Predicate<BatchWatch.Observation> test) {
    return observations.stream().filter(test).findFirst();
  }

  private static double perSecond(long records, long nanos) {
    return round(records * 1e9 / nanos);
  }

  static double seconds(long nanos) {
    return round(nanos / 1e9);
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
