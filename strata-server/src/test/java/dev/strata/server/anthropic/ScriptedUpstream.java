package dev.strata.server.anthropic;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.ScriptedReply;
import java.util.Optional;

/**
 * A provider whose answers each test scripts — a {@link ScriptedReply}, or code that drives the
 * sink itself — and which remembers the last canonical call it received.
 */
final class ScriptedUpstream implements Provider {
  static final String NAME = "scripted";

  /** What a call answers; {@code sink} is null for a call that is not streamed. */
  @FunctionalInterface
  interface Script {
    ChatResponse answer(ModelCall call, StreamSink sink);
  }

  private volatile Script script = replaying(ScriptedReply.text("Hello!", Usage.of(12, 5)));
  private volatile ModelCall lastCall;

  void script(Script next) {
    this.script = next;
  }

  void reply(ScriptedReply next) {
    this.script = replaying(next);
  }

  ModelCall lastCall() {
    return lastCall;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    lastCall = call;
    return script.answer(call, null);
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    lastCall = call;
    return script.answer(call, sink);
  }

  /** A text answer with usage, as a plain response. */
  static ChatResponse text(String text, Usage usage) {
    return new ChatResponse(Message.assistant(text), StopReason.END_TURN, Optional.of(usage));
  }

  private static Script replaying(ScriptedReply reply) {
    FakeProvider fake = new FakeProvider(NAME).replyToAnyModel(reply);
    return (call, sink) -> sink == null ? fake.converse(call) : fake.converseStream(call, sink);
  }
}
