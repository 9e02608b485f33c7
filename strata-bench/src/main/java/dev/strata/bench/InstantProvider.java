package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import java.util.Optional;

/**
 * A provider that answers in process at once with a fixed answer and reported usage, as a remote
 * API does, so a benchmark of the request path measures Strata's own steps and nothing else.
 */
final class InstantProvider implements Provider {
  private final String name;
  private final ChatResponse answer;

  InstantProvider(String name, Usage usage) {
    this.name = requireNonNull(name, "name");
    this.answer =
        new ChatResponse(
            Message.assistant("The invoice was charged twice; a refund has been issued."),
            StopReason.END_TURN,
            Optional.of(requireNonNull(usage, "usage")));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    return answer;
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    return answer;
  }

  @Override
  public String toString() {
    return "InstantProvider[" + name + "]";
  }
}
