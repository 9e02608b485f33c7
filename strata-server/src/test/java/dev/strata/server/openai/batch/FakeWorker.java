package dev.strata.server.openai.batch;

import dev.strata.core.batch.BatchError;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchLineException;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.Execution;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.batch.RequestCounts;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Operation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the batch worker does with an OpenAI job, in one synchronous pass, for tests: validates the
 * input file with the format (failing the job naming line and field), then answers each record —
 * lines whose custom id starts with {@code fail} with a rate-limit error, the others by echoing the
 * last user message — and writes the output files.
 */
final class FakeWorker {
  private static final String WORKER = "fake-worker";

  private final BatchApiServer server;

  FakeWorker(BatchApiServer server) {
    this.server = server;
  }

  BatchJob run(String jobId) {
    Instant now = server.clock.instant();
    Instant until = now.plus(Duration.ofMinutes(1));
    BatchJob job = server.queue.leaseJob(jobId, WORKER, now, until).orElseThrow();
    List<BatchRecord> records = new ArrayList<>();
    List<BatchError> errors = new ArrayList<>();
    int lineNumber = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                server.store.open(job.input()).orElseThrow(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          BatchLine read = server.format.read(job, records.size(), line);
          records.add(BatchRecord.pending(job.id(), records.size(), read.customId(), line));
        } catch (BatchLineException e) {
          errors.add(e.atLine(lineNumber));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!errors.isEmpty()) {
      server.queue.saveJob(job.failed(errors, now), WORKER);
      server.queue.releaseJob(jobId, WORKER, Optional.empty());
      return server.queue.job(jobId).orElseThrow();
    }
    server.queue.schedule(job.scheduled(records.size(), Execution.ON_DEMAND, Optional.empty()), records, WORKER);
    server.queue.releaseJob(jobId, WORKER, Optional.empty());
    for (ClaimedRecord claimed : server.queue.claimRecords(WORKER, 10_000, now, until)) {
      BatchLine line = server.format.read(job, claimed.index(), claimed.input());
      String requestId = "req" + claimed.index();
      String output =
          claimed.customId().startsWith("fail")
              ? server.format.failure(
                  job,
                  line,
                  StrataException.builder(ErrorKind.RATE_LIMITED, "Rate limit reached").build(),
                  requestId)
              : server.format.success(job, line, new Answer.Chat(echo(line)), requestId);
      server.queue.complete(
          WORKER,
          jobId,
          claimed.index(),
          new RecordOutcome(!claimed.customId().startsWith("fail"), output, Optional.empty()),
          now);
    }
    BatchJob finished = server.queue.leaseJob(jobId, WORKER, now, until).orElseThrow();
    BatchJob written =
        server.format.writeOutputs(
            finished,
            (from, limit) -> server.queue.records(jobId, from, limit),
            server.store);
    RequestCounts counts = written.counts();
    server.queue.saveJob(
        written.withStatus(
            counts.failed() == 0 ? BatchStatus.COMPLETED : BatchStatus.PARTIALLY_COMPLETED,
            server.clock.instant()),
        WORKER);
    server.queue.releaseJob(jobId, WORKER, Optional.empty());
    return server.queue.job(jobId).orElseThrow();
  }

  private static ChatResponse echo(BatchLine line) {
    List<Message> messages =
        switch (line.operation()) {
          case Operation.Chat chat -> chat.request().messages();
          case Operation.Embed embed -> throw new AssertionError("not a chat line: " + embed);
        };
    String text =
        switch (messages.get(messages.size() - 1).content().get(0)) {
          case ContentBlock.Text said -> said.text();
          default -> throw new AssertionError("the last message is not text");
        };
    return new ChatResponse(
        Message.assistant("echo: " + text), StopReason.END_TURN, Optional.of(Usage.of(5, 2)));
  }
}
