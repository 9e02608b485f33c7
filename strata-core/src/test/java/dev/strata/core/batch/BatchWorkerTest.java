package dev.strata.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Usage;
import dev.strata.core.money.CostCalculator;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Invoke;
import dev.strata.core.path.Meter;
import dev.strata.core.path.Route;
import dev.strata.core.path.Settle;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.core.provider.NativeBatchPoll;
import dev.strata.core.provider.NativeBatches;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.InMemoryBatchQueue;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.InMemoryObjectStore;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.ScriptedReply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BatchWorkerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Principal OWNER = new Principal("key-1", "acme", "search", "", Map.of());
  private static final PriceBook PRICES = PriceBookLoader.shipped();
  private static final ModelEntry MODEL =
      new ModelEntry("gpt-4o-mini", "fake", "gpt-4o-mini", new PriceSource.Listed("gpt-4o-mini"),
          OptionalInt.empty(), false);
  private static final Usage USAGE = Usage.of(1_000, 200);

  private final ManualClock clock = ManualClock.at("2026-11-28T10:00:00Z");
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final InMemoryBatchQueue queue = new InMemoryBatchQueue(ledger, clock);
  private final InMemoryObjectStore store = new InMemoryObjectStore(clock, 1 << 20);
  private final List<BatchWorker> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(BatchWorker::close);
  }

  @Test
  void onDemandJob_completesWithEveryRecordOnceAndItsUsageInTheLedger() throws IOException {
    FakeProvider upstream = new FakeProvider("fake").replyToAnyModel(ScriptedReply.text("hello", USAGE));
    BatchJob job = submit(lines(12));
    start("w1", upstream, 3);

    BatchJob done = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(done.counts()).isEqualTo(new RequestCounts(12, 12, 0));
    List<String> output = output(done);
    assertThat(output).hasSize(12);
    assertThat(output.stream().map(line -> line.split("\\|")[1]))
        .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "r" + i).toList());
    List<UsageRecord> records = ledger.records();
    assertThat(records).hasSize(12);
    assertThat(records).allSatisfy(record -> {
      assertThat(record.tier()).isEqualTo(Tier.BATCH);
      assertThat(record.principal()).isEqualTo(OWNER);
      assertThat(record.cost()).isEqualTo(onDemandCost());
      assertThat(record.priceReference()).contains("at on_demand prices");
    });
    assertThat(records.stream().map(UsageRecord::requestId).collect(Collectors.toSet()))
        .isEqualTo(IntStream.range(0, 12).mapToObj(i -> "batch-" + job.id() + "-" + i)
            .collect(Collectors.toSet()));
    assertThat(upstream.calls()).hasSize(12);
  }

  @Test
  void invalidLines_failTheJobNamingEachLineAndField_andRunNothing() {
    FakeProvider upstream = new FakeProvider("fake").replyToAnyModel(ScriptedReply.text("x", USAGE));
    BatchJob job = submit("a|one\n\nno-bar-here\nb|\nc|three\na|dup\n");
    start("w1", upstream, 2);

    BatchJob failed = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
    assertThat(failed.errors())
        .extracting(e -> e.line().orElse(-1), BatchError::param, BatchError::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, "id", "invalid_line"),
            org.assertj.core.groups.Tuple.tuple(4, "prompt", "missing_field"),
            org.assertj.core.groups.Tuple.tuple(6, "custom_id", "duplicate_custom_id"));
    assertThat(upstream.calls()).isEmpty();
    assertThat(ledger.records()).isEmpty();
  }

  @Test
  void unknownModel_failsTheJob() {
    BatchJob job = submitFor("no-such-model", lines(2));
    start("w1", new FakeProvider("fake"), 1);

    BatchJob failed = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
    assertThat(failed.errors()).extracting(BatchError::code).containsExactly("model_not_found");
  }

  @Test
  void retryableRefusal_isRetriedLater_andAFinalFailureIsWrittenAsAnErrorLine() {
    FakeProvider upstream = new FakeProvider("fake")
        .reply("gpt-4o-mini",
            ScriptedReply.failing(ErrorKind.RATE_LIMITED),
            ScriptedReply.text("after retry", USAGE),
            ScriptedReply.failing(ErrorKind.INVALID_REQUEST));
    BatchJob job = submit("a|first\nb|second\n");
    start("w1", upstream, 1);

    // a's first attempt is rate-limited: it waits for the clock, b runs meanwhile
    awaitCalls(upstream, 2);
    clock.advance(Duration.ofMinutes(5));
    BatchJob done = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(done.status()).isEqualTo(BatchStatus.PARTIALLY_COMPLETED);
    assertThat(done.counts()).isEqualTo(new RequestCounts(2, 1, 1));
    assertThat(output(done)).containsExactly(
        "error|a|INVALID_REQUEST|batch-" + job.id() + "-0",
        "ok|b|after retry|batch-" + job.id() + "-1");
  }

  @Test
  void cancel_skipsRecordsNotStarted_andEndsCancelledWithTheFinishedOnesInTheOutput() {
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    FakeProvider upstream =
        new FakeProvider("fake").replyToAnyModel(ScriptedReply.text("slow", USAGE).gatedBy(gate));
    BatchJob job = submit(lines(6));
    BatchWorker worker = start("w1", upstream, 1);

    awaitCalls(upstream, 1);
    queue.requestCancel(job.id());
    worker.wake();
    gate.countDown();
    BatchJob done = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(done.status()).isEqualTo(BatchStatus.CANCELLED);
    assertThat(done.counts().completed()).isBetween(1L, 2L);
    assertThat(output(done)).hasSize((int) done.counts().completed());
    assertThat(ledger.records()).hasSize((int) done.counts().completed());
  }

  @Test
  void expiredJob_endsExpired() {
    BatchJob job = submit(lines(1));
    clock.advance(Duration.ofHours(25));
    start("w1", new FakeProvider("fake").replyToAnyModel(ScriptedReply.text("x", USAGE)), 1);

    BatchJob done = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(done.status()).isEqualTo(BatchStatus.EXPIRED);
  }

  @Test
  void twoWorkers_shareOneJob_andEveryRecordIsAnsweredOnce() {
    FakeProvider upstream = new FakeProvider("fake").replyToAnyModel(ScriptedReply.text("hi", USAGE));
    BatchJob job = submit(lines(40));
    start("w1", upstream, 2);
    start("w2", upstream, 2);

    BatchJob done = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(done.counts()).isEqualTo(new RequestCounts(40, 40, 0));
    assertThat(output(done)).hasSize(40).doesNotHaveDuplicates();
    assertThat(ledger.records()).hasSize(40);
  }

  @Test
  void providerWithANativeBatchApi_getsTheWholeJob_andRecordsAreBilledAtTheBatchPrice() {
    NativeUpstream upstream = new NativeUpstream();
    BatchJob job = submit(lines(5));
    start("w1", upstream, 2);

    queue.awaitJob(job.id(), j -> j.nativeBatch().isPresent(), WAIT);
    awaitLeaseReleased(job.id()); // so the next poll is scheduled from the clock before we move it
    assertThat(upstream.submitted.get()).isEqualTo(1);
    upstream.finished = true;
    clock.advance(Duration.ofMinutes(2)); // the next poll is due
    BatchJob done = queue.awaitJob(job.id(), j -> j.status().isTerminal(), WAIT);

    assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(output(done)).hasSize(5);
    assertThat(upstream.onDemandCalls.get()).isZero();
    Money batchCost = CostCalculator.cost(PRICES.priceOn("gpt-4o-mini", LocalDate.of(2026, 11, 28)).orElseThrow(), USAGE, Tier.BATCH).total();
    assertThat(batchCost).isLessThan(onDemandCost());
    assertThat(ledger.records()).hasSize(5).allSatisfy(record -> {
      assertThat(record.tier()).isEqualTo(Tier.BATCH);
      assertThat(record.cost()).isEqualTo(batchCost);
    });
  }

  // --- fixtures ---

  private BatchWorker start(String id, Provider upstream, int concurrency) {
    ProviderRegistry providers = new ProviderRegistry(List.of(upstream));
    ModelCatalog catalog = new ModelCatalog(List.of(MODEL), Map.of());
    CostMeter costMeter = new CostMeter(PRICES, providers);
    RecordRunner runner = new PathRecordRunner(
        capture -> List.of(new Settle(capture, clock), new Meter(costMeter), new Route(catalog), new Invoke(providers)),
        clock);
    BatchWorkerOptions options = new BatchWorkerOptions(
        id, concurrency, Duration.ofMinutes(1), Duration.ofMillis(20), Duration.ofMinutes(1),
        1_000, 3, Duration.ofSeconds(30));
    BatchWorker worker = BatchWorker.start(
        queue, store, Map.of(BatchApi.OPENAI, new LineFormat()), catalog, providers, costMeter,
        runner, options, clock);
    workers.add(worker);
    return worker;
  }

  private BatchJob submit(String input) {
    return submitFor("gpt-4o-mini", input);
  }

  private BatchJob submitFor(String model, String input) {
    String id = "batch_" + Math.abs(input.hashCode()) + "_" + model.length();
    ObjectRef file = new ObjectRef("inputs", id + ".jsonl");
    store.put(file, input.getBytes(StandardCharsets.UTF_8), Map.of());
    return queue.submit(BatchJob.submitted(
        id, BatchApi.OPENAI, "", OWNER, model, "/v1/chat/completions", file,
        ObjectRef.parsePrefix("s3://outputs/done/"), clock.instant(),
        clock.instant().plus(Duration.ofHours(24)), Map.of(), Map.of(), Optional.empty()));
  }

  private static String lines(int n) {
    return IntStream.range(0, n).mapToObj(i -> "r" + i + "|question " + i).collect(Collectors.joining("\n"));
  }

  private List<String> output(BatchJob job) {
    try (InputStream in = store.open(job.output().resolve(job.outputFileId().orElseThrow())).orElseThrow()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Money onDemandCost() {
    return CostCalculator.cost(
        PRICES.priceOn("gpt-4o-mini", LocalDate.of(2026, 11, 28)).orElseThrow(), USAGE, Tier.ON_DEMAND).total();
  }

  private static void awaitCalls(FakeProvider upstream, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (upstream.calls().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " upstream calls, saw " + upstream.calls().size());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  private void awaitLeaseReleased(String jobId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (queue.jobLeaseOwner(jobId).isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the worker kept the lease of " + jobId);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  /** A provider whose batch API answers every call once the test says the batch finished. */
  private static final class NativeUpstream implements Provider, NativeBatches {
    final AtomicInteger submitted = new AtomicInteger();
    final AtomicInteger onDemandCalls = new AtomicInteger();
    volatile boolean finished;
    private volatile List<NativeBatchCall> calls = List.of();

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public ChatResponse converse(ModelCall call) {
      onDemandCalls.incrementAndGet();
      throw new AssertionError("a native batch must not make on-demand calls");
    }

    @Override
    public ChatResponse converseStream(ModelCall call, StreamSink sink) {
      return converse(call);
    }

    @Override
    public Optional<NativeBatches> nativeBatches() {
      return Optional.of(this);
    }

    @Override
    public String submit(List<NativeBatchCall> batch) {
      submitted.incrementAndGet();
      calls = List.copyOf(batch);
      return "upstream-batch-1";
    }

    @Override
    public NativeBatchPoll poll(String upstreamBatchId) {
      if (!finished) {
        return new NativeBatchPoll.Running(0, calls.size());
      }
      return new NativeBatchPoll.Ended(calls.stream()
          .map(call -> new NativeBatchPoll.NativeBatchResult(
              call.customId(),
              Optional.of(ScriptedReply.text("batched " + call.customId(), USAGE).response()),
              Optional.empty()))
          .toList());
    }

    @Override
    public void cancel(String upstreamBatchId) {}
  }
}
