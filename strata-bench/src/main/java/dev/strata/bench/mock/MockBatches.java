package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mock's OpenAI Batches, in memory. A batch moves on when it is looked at: validating, then in
 * progress until its delay has passed, then every line runs through the same reply logic as an
 * on-demand chat call (same usage), and the batch completes with an output and an error file. Tests
 * can script the next batch (fail, expire) and single lines (an HTTP error).
 */
final class MockBatches {
  /** The most batches kept; the oldest is forgotten to make room. */
  static final int MAX_BATCHES = 1_000;

  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final String EXPIRED =
      "This request could not be executed before the completion window expired.";
  private static final String CANCELLED = "This request was cancelled before it ran.";

  private final MockFiles files;
  private final ChatReplies replies;
  private final Clock clock;
  private final Map<String, MockBatch> batches = new LinkedHashMap<>();
  private final Queue<BatchScript> scripts = new ConcurrentLinkedQueue<>();
  private final Map<String, MockOutcome.Fail> failingLines = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong lineIds = new AtomicLong();
  private final AtomicLong linesRun = new AtomicLong();

  MockBatches(MockFiles files, ChatReplies replies, Clock clock) {
    this.files = requireNonNull(files, "files");
    this.replies = requireNonNull(replies, "replies");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The next batch created follows {@code script}. */
  void scriptNext(BatchScript script) {
    scripts.add(requireNonNull(script, "script"));
  }

  /** The line with {@code customId}, in whichever batch runs it next, gets this HTTP error. */
  void failLine(String customId, MockOutcome.Fail failure) {
    failingLines.put(requireNonNull(customId, "customId"), requireNonNull(failure, "failure"));
  }

  /** Lines run by batches since the start or the last {@link #clear()}. */
  long linesRun() {
    return linesRun.get();
  }

  /**
   * Creates a batch of the input file's requests; an invalid file makes a batch that fails.
   *
   * @throws IllegalArgumentException when the input file does not exist
   */
  synchronized MockBatch create(
      String inputFileId,
      String endpoint,
      String completionWindow,
      JsonNode metadata,
      MockSettings settings) {
    MockFiles.StoredFile input =
        files
            .get(inputFileId)
            .orElseThrow(() -> new IllegalArgumentException("No such File object: " + inputFileId));
    Instant instant = clock.instant();
    long now = instant.getEpochSecond();
    BatchInputLines.Read read = BatchInputLines.read(input.content(), endpoint);
    BatchScript script = Optional.ofNullable(scripts.poll()).orElse(new BatchScript.Complete());
    List<MockBatch.Error> errors = new ArrayList<>(read.errors());
    if (script instanceof BatchScript.Fail fail && errors.isEmpty()) {
      errors.add(
          new MockBatch.Error(fail.code(), fail.message(), OptionalLong.empty(), Optional.empty()));
    }
    MockBatch batch =
        new MockBatch(
            "batch_mock" + ids.incrementAndGet(),
            inputFileId,
            endpoint,
            completionWindow,
            metadata,
            now,
            instant.plus(settings.batchDelay()),
            read.lines(),
            errors,
            script);
    if (batches.size() >= MAX_BATCHES) {
      batches.remove(batches.keySet().iterator().next());
    }
    batches.put(batch.id, batch);
    return batch;
  }

  /** The batch as it stands now, after it has moved on as far as time allows. */
  synchronized Optional<MockBatch> retrieve(String id, MockSettings settings) {
    MockBatch batch = batches.get(id);
    if (batch != null) {
      advance(batch, settings);
    }
    return Optional.ofNullable(batch);
  }

  /**
   * Asks the batch to stop; lines that have not run are cancelled.
   *
   * @throws IllegalStateException when the batch has already ended
   */
  synchronized Optional<MockBatch> cancel(String id) {
    MockBatch batch = batches.get(id);
    if (batch == null) {
      return Optional.empty();
    }
    if (batch.isTerminal()) {
      throw new IllegalStateException("Cannot cancel a batch with status '" + batch.status + "'.");
    }
    if (!batch.status.equals("cancelling")) {
      batch.status = "cancelling";
      batch.cancellingAt = clock.instant().getEpochSecond();
    }
    return Optional.of(batch);
  }

  /** Up to {@code limit} batches, newest first, after the batch {@code after} when given. */
  synchronized List<MockBatch> list(Optional<String> after, int limit) {
    List<MockBatch> newestFirst = new ArrayList<>(batches.values()).reversed();
    int from = 0;
    if (after.isPresent()) {
      for (int i = 0; i < newestFirst.size(); i++) {
        if (newestFirst.get(i).id.equals(after.get())) {
          from = i + 1;
        }
      }
    }
    return List.copyOf(newestFirst.subList(from, Math.min(newestFirst.size(), from + limit + 1)));
  }

  synchronized void clear() {
    batches.clear();
    scripts.clear();
    failingLines.clear();
    linesRun.set(0);
  }

  private void advance(MockBatch batch, MockSettings settings) {
    Instant instant = clock.instant();
    long now = instant.getEpochSecond();
    if (batch.status.equals("validating")) {
      if (!batch.errors.isEmpty()) {
        batch.status = "failed";
        batch.failedAt = now;
        return;
      }
      batch.status = "in_progress";
      batch.inProgressAt = now;
    }
    if (batch.status.equals("in_progress") && !instant.isBefore(batch.readyAt)) {
      int toRun =
          batch.script instanceof BatchScript.Expire expire
              ? Math.min(expire.linesRun(), batch.lines.size())
              : batch.lines.size();
      boolean expires = toRun < batch.lines.size();
      finish(batch, settings, toRun, "batch_expired", EXPIRED);
      batch.status = expires ? "expired" : "completed";
      if (expires) {
        batch.expiredAt = now;
      } else {
        batch.completedAt = now;
      }
    } else if (batch.status.equals("cancelling")) {
      finish(batch, settings, 0, "batch_cancelled", CANCELLED);
      batch.status = "cancelled";
      batch.cancelledAt = now;
    }
  }

  /** Runs the first {@code toRun} lines, writes the others off with {@code code}, stores files. */
  private void finish(
      MockBatch batch, MockSettings settings, int toRun, String code, String message) {
    long now = clock.instant().getEpochSecond();
    batch.finalizingAt = now;
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    for (int i = 0; i < batch.lines.size(); i++) {
      MockBatch.Line line = batch.lines.get(i);
      String id = "batch_req_mock" + lineIds.incrementAndGet();
      if (i >= toRun) {
        errors.append(BatchJson.unansweredLine(id, line.customId(), code, message)).append('\n');
        batch.failed++;
        continue;
      }
      Answer answer = run(line, settings);
      String text =
          BatchJson.answeredLine(id, line.customId(), answer.status(), "req_" + id, answer.body());
      if (answer.status() == 200) {
        output.append(text).append('\n');
        batch.completed++;
      } else {
        errors.append(text).append('\n');
        batch.failed++;
      }
    }
    batch.outputFileId = store(batch, "output", output);
    batch.errorFileId = store(batch, "error", errors);
  }

  private String store(MockBatch batch, String kind, StringBuilder lines) {
    if (lines.isEmpty()) {
      return null;
    }
    String filename = batch.id + "_" + kind + ".jsonl";
    byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
    return files.add("batch_output", filename, content, clock.instant().getEpochSecond()).id();
  }

  private Answer run(MockBatch.Line line, MockSettings settings) {
    linesRun.incrementAndGet();
    MockOutcome.Fail scripted = failingLines.remove(line.customId());
    Optional<MockOutcome.Fail> problem =
        scripted != null
            ? Optional.of(scripted)
            : RequestChecks.body(RequestChecks.CHAT, Optional.of(line.body()), settings);
    if (problem.isPresent()) {
      return new Answer(problem.get().status(), json(problem.get().body()));
    }
    ChatReply reply = replies.reply(line.body(), settings, false);
    return new Answer(200, json(ChatCompletionJson.completion(reply)));
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("the mock wrote a body that is not JSON", e);
    }
  }

  private record Answer(int status, JsonNode body) {}
}
