package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.StreamAccumulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One answer a {@link FakeProvider} gives: the stream events it produces (a plain call returns them
 * assembled), optionally followed by a failure — before any event that is a refused call, after
 * some a broken stream. Immutable; may be replayed any number of times.
 */
public final class ScriptedReply {
  private static final Duration GATE_TIMEOUT = Duration.ofSeconds(30);

  private final List<StreamEvent> events;
  private final Optional<Supplier<? extends RuntimeException>> failure;
  private final Optional<CountDownLatch> gate;

  private ScriptedReply(
      List<StreamEvent> events,
      Optional<Supplier<? extends RuntimeException>> failure,
      Optional<CountDownLatch> gate) {
    this.events = List.copyOf(events);
    this.failure = failure;
    this.gate = gate;
  }

  /** A text answer streamed word by word, ending normally, with {@code usage} reported. */
  public static ScriptedReply text(String text, Usage usage) {
    return new ScriptedReply(
        textEvents(text, Optional.of(usage)), Optional.empty(), Optional.empty());
  }

  /** A text answer whose upstream reports no usage, so Strata must count the tokens itself. */
  public static ScriptedReply textWithoutUsage(String text) {
    return new ScriptedReply(
        textEvents(text, Optional.empty()), Optional.empty(), Optional.empty());
  }

  /** A call of tool {@code name} with JSON {@code input}, streamed in two fragments. */
  public static ScriptedReply toolUse(String toolUseId, String name, String input, Usage usage) {
    int half = input.length() / 2;
    return new ScriptedReply(
        List.of(
            new StreamEvent.MessageStart(Role.ASSISTANT),
            new StreamEvent.ToolUseStart(0, toolUseId, name),
            new StreamEvent.ToolInputDelta(0, input.substring(0, half)),
            new StreamEvent.ToolInputDelta(0, input.substring(half)),
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.TOOL_USE),
            new StreamEvent.UsageReport(usage)),
        Optional.empty(),
        Optional.empty());
  }

  /** Exactly these events, in order. */
  public static ScriptedReply events(StreamEvent... events) {
    return new ScriptedReply(List.of(events), Optional.empty(), Optional.empty());
  }

  /** A call refused before anything arrives, with a failure of {@code kind}. */
  public static ScriptedReply failing(ErrorKind kind) {
    requireNonNull(kind, "kind");
    return failing(() -> StrataException.builder(kind, "fake upstream failed: " + kind).build());
  }

  /** A call refused before anything arrives, with a fresh failure from {@code failure}. */
  public static ScriptedReply failing(Supplier<? extends RuntimeException> failure) {
    return new ScriptedReply(List.of(), Optional.of(failure), Optional.empty());
  }

  /**
   * The first words of {@code text} streamed, then the stream breaks with a failure of {@code
   * kind}.
   */
  public static ScriptedReply brokenAfter(String text, ErrorKind kind) {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.MessageStart(Role.ASSISTANT));
    for (String piece : words(text)) {
      events.add(new StreamEvent.TextDelta(0, piece));
    }
    return new ScriptedReply(events, Optional.empty(), Optional.empty())
        .thenFailing(() -> StrataException.builder(kind, "fake stream broke: " + kind).build());
  }

  /** These events, then a failure from {@code next}: a stream that breaks mid-way. */
  public ScriptedReply thenFailing(Supplier<? extends RuntimeException> next) {
    return new ScriptedReply(events, Optional.of(requireNonNull(next, "next")), gate);
  }

  /**
   * This reply, given only once {@code opened} is counted down (at most 30 s), so a test can hold
   * calls in flight.
   */
  public ScriptedReply gatedBy(CountDownLatch opened) {
    return new ScriptedReply(events, failure, Optional.of(requireNonNull(opened, "opened")));
  }

  public List<StreamEvent> events() {
    return events;
  }

  public boolean fails() {
    return failure.isPresent();
  }

  /** The answer these events assemble to, as a caller of a plain call would receive it. */
  public ChatResponse response() {
    StreamAccumulator accumulator = new StreamAccumulator();
    events.forEach(accumulator::accept);
    return accumulator.response();
  }

  void awaitGate() {
    if (gate.isEmpty()) {
      return;
    }
    try {
      if (!gate.get().await(GATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the reply's gate was not opened within " + GATE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the reply's gate", e);
    }
  }

  void failIfScripted() {
    if (failure.isPresent()) {
      throw failure.get().get();
    }
  }

  private static List<StreamEvent> textEvents(String text, Optional<Usage> usage) {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.MessageStart(Role.ASSISTANT));
    for (String piece : words(text)) {
      events.add(new StreamEvent.TextDelta(0, piece));
    }
    events.add(new StreamEvent.ContentBlockStop(0));
    events.add(new StreamEvent.MessageStop(StopReason.END_TURN));
    usage.ifPresent(u -> events.add(new StreamEvent.UsageReport(u)));
    return events;
  }

  /** "a b c" → "a", " b", " c": pieces that concatenate back to the text. */
  private static List<String> words(String text) {
    if (text.isEmpty()) {
      return List.of("");
    }
    return List.of(text.split("(?<=\\S)(?=\\s)"));
  }

  @Override
  public String toString() {
    return "ScriptedReply[" + events.size() + " events" + (fails() ? ", then fails]" : "]");
  }
}
