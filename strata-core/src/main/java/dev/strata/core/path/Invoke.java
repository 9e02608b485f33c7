package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.EmbeddingProvider;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.provider.StreamAccumulator;
import dev.strata.core.provider.StreamSink;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Calls the routed models in order until one answers. A retryable failure moves on to the next
 * model — unless a stream has already relayed content to the caller, which cannot be taken back.
 * The last step of the path.
 */
public final class Invoke implements Step {
  private static final System.Logger LOG = System.getLogger(Invoke.class.getName());

  private final ProviderRegistry providers;

  public Invoke(ProviderRegistry providers) {
    this.providers = requireNonNull(providers, "providers");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    List<ModelEntry> candidates = exchange.candidates();
    if (candidates.isEmpty()) {
      throw StrataException.internal("the request reached Invoke without a route", null);
    }
    for (int i = 0; ; i++) {
      ModelEntry model = candidates.get(i);
      exchange.attempting(model);
      Relay relay = new Relay(exchange);
      try {
        Answer answer = call(providers.get(model.provider()), model, exchange.operation(), relay);
        exchange.finishedAt(System.nanoTime());
        return answer;
      } catch (StrataException failure) {
        boolean last = i + 1 == candidates.size();
        if (relay.hasRelayed()) {
          exchange.failedAfterDelivering(relay.delivered());
        }
        if (last || !failure.isRetryable() || relay.hasRelayed()) {
          exchange.finishedAt(System.nanoTime());
          throw failure;
        }
        LOG.log(
            Level.INFO,
            () ->
                exchange.requestId() + ": " + model.name() + " failed (" + failure.getMessage()
                    + "); falling back to " + candidates.get(candidates.indexOf(model) + 1).name());
      } catch (RuntimeException defect) {
        if (relay.hasRelayed()) {
          exchange.failedAfterDelivering(relay.delivered());
        }
        exchange.finishedAt(System.nanoTime());
        throw defect;
      }
    }
  }

  private static Answer call(Provider provider, ModelEntry model, Operation operation, Relay relay) {
    return switch (operation) {
      case Operation.Chat chat when chat.isStreaming() ->
          new Answer.Chat(
              provider.converseStream(new ModelCall(chat.request(), model.upstreamModel()), relay));
      case Operation.Chat chat ->
          new Answer.Chat(provider.converse(new ModelCall(chat.request(), model.upstreamModel())));
      case Operation.Embed embed -> {
        EmbeddingProvider embeddings =
            provider
                .embeddings()
                .orElseThrow(
                    () ->
                        StrataException.invalid(
                            "model", "The model '" + model.name() + "' cannot embed text"));
        yield new Answer.Embeddings(
            embeddings.embed(embed.request().withModel(model.upstreamModel())));
      }
    };
  }

  /**
   * Passes stream events on to the caller, noting when the first content went out and keeping a
   * copy of what was delivered.
   */
  private static final class Relay implements StreamSink {
    private final Exchange exchange;
    private final StreamSink client;
    private final StreamAccumulator delivered = new StreamAccumulator();
    private StreamEvent.MessageStart heldStart;
    private boolean relayed;

    Relay(Exchange exchange) {
      this.exchange = exchange;
      this.client =
          exchange.operation() instanceof Operation.Chat chat && chat.stream().isPresent()
              ? chat.stream().get()
              : event -> {};
    }

    @Override
    public void accept(StreamEvent event) {
      if (!relayed && event instanceof StreamEvent.MessageStart start) {
        heldStart = start; // not content yet: held back so a fallback model can still answer
        return;
      }
      if (event instanceof StreamEvent.TextDelta || event instanceof StreamEvent.ToolUseStart) {
        exchange.firstTokenAt(System.nanoTime());
      }
      if (!relayed && heldStart != null) {
        delivered.accept(heldStart);
        client.accept(heldStart);
      }
      delivered.accept(event);
      relayed = true;
      client.accept(event);
    }

    boolean hasRelayed() {
      return relayed;
    }

    dev.strata.core.model.ChatResponse delivered() {
      return delivered.response();
    }
  }
}
