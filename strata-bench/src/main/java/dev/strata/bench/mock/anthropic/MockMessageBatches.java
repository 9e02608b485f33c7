package dev.strata.bench.mock.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The mock's Message Batches, in memory. A batch moves on when it is looked at: in progress until
 * its delay has passed, then every request runs through the same checks and answer as an on-demand
 * {@code POST /v1/messages} (same usage), and the batch ends with its results. Tests can script the
 * next batch to expire part-way and single requests to fail.
 */
final class MockMessageBatches {
  /** Anthropic's limit of requests in one batch. */
  static final int MAX_REQUESTS = 100_000;

  /** The most batches kept; the oldest is forgotten to make room. */
  static final int MAX_BATCHES = 1_000;

  private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final ObjectMapper MAPPER = JsonMappers.create();

  private final Clock clock;
  private final Map<String, MockMessageBatch> batches = new LinkedHashMap<>();
  private final Queue<Integer> expiries = new ConcurrentLinkedQueue<>();
  private final Map<String, AnthropicOutcome.Fail> failingRequests = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong messageIds = new AtomicLong();
  private final AtomicLong requestsRun = new AtomicLong();

  MockMessageBatches(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** The next batch created runs only its first {@code requestsRun} requests, then expires. */
  void expireNext(int requestsRun) {
    if (requestsRun < 0) {
      throw new IllegalArgumentException("requestsRun cannot be negative, was " + requestsRun);
    }
    expiries.add(requestsRun);
  }

  /** The request with {@code customId}, in whichever batch runs it next, errors like this. */
  void failRequest(String customId, String errorType, String message) {
    failingRequests.put(
        requireNonNull(customId, "customId"),
        new AnthropicOutcome.Fail(400, OptionalInt.empty(), errorType, message));
  }

  long requestsRun() {
    return requestsRun.get();
  }

  /**
   * Creates a batch of the body's requests.
   *
   * @throws IllegalArgumentException naming what is wrong with the body, as Anthropic's 400 would
   */
  synchronized MockMessageBatch create(JsonNode body, AnthropicMockSettings settings) {
    JsonNode requests = body.path("requests");
    if (!requests.isArray() || requests.isEmpty()) {
      throw new IllegalArgumentException("requests: Field required");
    }
    if (requests.size() > MAX_REQUESTS) {
      throw new IllegalArgumentException("requests: at most 100000 requests per batch");
    }
    List<MockMessageBatch.Request> read = new ArrayList<>();
    Set<String> customIds = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      JsonNode request = requests.get(i);
      String customId = request.path("custom_id").asText("");
      if (!CUSTOM_ID.matcher(customId).matches()) {
        throw new IllegalArgumentException(
            "requests." + i + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
      }
      if (!customIds.add(customId)) {
        throw new IllegalArgumentException(
            "requests." + i + ".custom_id: '" + customId + "' is not unique in the batch");
      }
      if (!request.path("params").isObject()) {
        throw new IllegalArgumentException("requests." + i + ".params: Field required");
      }
      read.add(new MockMessageBatch.Request(customId, request.path("params")));
    }
    Instant now = clock.instant();
    int toRun = Optional.ofNullable(expiries.poll()).orElse(read.size());
    MockMessageBatch batch =
        new MockMessageBatch(
            "msgbatch_mock" + ids.incrementAndGet(),
            now,
            now.plus(settings.batchDelay()),
            read,
            Math.min(toRun, read.size()));
    if (batches.size() >= MAX_BATCHES) {
      batches.remove(batches.keySet().iterator().next());
    }
    batches.put(batch.id, batch);
    return batch;
  }

  /** The batch as it stands now, after it has moved on as far as time allows. */
  synchronized Optional<MockMessageBatch> retrieve(String id, AnthropicMockSettings settings) {
    MockMessageBatch batch = batches.get(id);
    if (batch != null) {
      advance(batch, settings);
    }
    return Optional.ofNullable(batch);
  }

  /** Asks the batch to stop; requests that have not run are canceled. An ended batch stays so. */
  synchronized Optional<MockMessageBatch> cancel(String id) {
    MockMessageBatch batch = batches.get(id);
    if (batch != null && batch.processingStatus.equals("in_progress")) {
      batch.processingStatus = "canceling";
      batch.cancelInitiatedAt = clock.instant();
    }
    return Optional.ofNullable(batch);
  }

  /** The result lines of an ended batch. */
  synchronized Optional<List<String>> results(String id) {
    MockMessageBatch batch = batches.get(id);
    return batch == null || !batch.hasEnded()
        ? Optional.empty()
        : Optional.of(List.copyOf(batch.results));
  }

  synchronized void clear() {
    batches.clear();
    expiries.clear();
    failingRequests.clear();
    requestsRun.set(0);
  }

  private void advance(MockMessageBatch batch, AnthropicMockSettings settings) {
    Instant now = clock.instant();
    if (batch.processingStatus.equals("in_progress") && !now.isBefore(batch.readyAt)) {
      end(batch, settings, batch.requestsToRun, "expired");
    } else if (batch.processingStatus.equals("canceling")) {
      end(batch, settings, 0, "canceled");
    }
  }

  private void end(
      MockMessageBatch batch, AnthropicMockSettings settings, int toRun, String unrunType) {
    for (int i = 0; i < batch.requests.size(); i++) {
      MockMessageBatch.Request request = batch.requests.get(i);
      if (i >= toRun) {
        batch.results.add(MessageBatchJson.unrun(request.customId(), unrunType));
        if (unrunType.equals("expired")) {
          batch.expired++;
        } else {
          batch.canceled++;
        }
        continue;
      }
      requestsRun.incrementAndGet();
      AnthropicOutcome.Fail failure = failingRequests.remove(request.customId());
      Optional<AnthropicOutcome.Fail> problem =
          failure != null ? Optional.of(failure) : MessagesHandler.bodyProblem(request.params());
      if (problem.isPresent()) {
        batch.results.add(
            MessageBatchJson.errored(
                request.customId(), problem.get().errorType(), problem.get().message()));
        batch.errored++;
        continue;
      }
      long n = messageIds.incrementAndGet();
      String message =
          MessagesJson.message(
              "msg_mockbatch" + n,
              request.params().path("model").asText(),
              settings,
              MessagesJson.toolCall(request.params(), settings, n));
      batch.results.add(MessageBatchJson.succeeded(request.customId(), json(message)));
      batch.succeeded++;
    }
    batch.processingStatus = "ended";
    batch.endedAt = clock.instant();
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("the mock wrote a message that is not JSON", e);
    }
  }
}
