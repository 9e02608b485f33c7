package dev.strata.server.anthropic;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Metering;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.core.tokens.OpenAiTokenCounters;
import dev.strata.core.tokens.RequestTokenEstimator;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.CacheHeaders;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/** {@code POST /v1/messages}: decodes, runs the request path, answers plain or as SSE. */
final class MessagesHandler implements BlockingHandler {
  private static final System.Logger LOG = System.getLogger(MessagesHandler.class.getName());
  static final String WIRE_FORMAT = "anthropic";

  private final RequestPath path;
  private final Duration drainTimeout;

  MessagesHandler(RequestPath path, Duration drainTimeout) {
    this.path = requireNonNull(path, "path");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
  }

  @Override
  public void handle(Call call) {
    call.response()
        .putHeader(AnthropicHeaders.REQUEST_ID, AnthropicHeaders.requestId(call.requestId()));
    MessagesRequestDecoder.Decoded decoded =
        MessagesRequestDecoder.messages(Json.parse(call.body()));
    if (decoded.stream()) {
      streamed(call, decoded.request());
    } else {
      unary(call, decoded.request());
    }
  }

  private void unary(Call call, ChatRequest request) {
    Exchange exchange = exchange(call, new Operation.Chat(request, Optional.empty()));
    ChatResponse answer = chatAnswer(path.run(exchange));
    Optional<Metering> metering = exchange.metering();
    Usage usage = metering.map(Metering::usage).orElse(answer.usage().orElse(Usage.ZERO));
    String model = exchange.servedBy().map(ModelEntry::name).orElse(request.model());
    Buffer body =
        MessageEncoder.message(AnthropicHeaders.messageId(call.requestId()), model, answer, usage);
    HttpServerResponse response = call.response();
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    response.putHeader(StrataHeaders.MODEL, model);
    metering.ifPresent(
        m -> {
          response.putHeader(StrataHeaders.COST_USD, m.cost().total().toUsdString());
          response.putHeader(StrataHeaders.USAGE_SOURCE, m.source().wireName());
        });
    CacheHeaders.put(response, exchange);
    response.end(body);
  }

  private void streamed(Call call, ChatRequest request) {
    long estimatedInput =
        new RequestTokenEstimator(OpenAiTokenCounters.forModel(request.model()))
            .inputTokens(request);
    MessageEventStream stream =
        new MessageEventStream(
            call.response(),
            AnthropicHeaders.messageId(call.requestId()),
            request.model(),
            estimatedInput,
            drainTimeout);
    Exchange exchange = exchange(call, new Operation.Chat(request, Optional.of(stream)));
    stream.attach(exchange);
    ChatResponse answer;
    try {
      answer = chatAnswer(path.run(exchange));
    } catch (RuntimeException failure) {
      if (!stream.hasStarted()) {
        throw failure; // nothing sent yet: a plain error response
      }
      if (failure instanceof StrataException known) {
        stream.fail(known);
      } else {
        LOG.log(Level.ERROR, "request " + call.requestId() + " failed mid-stream", failure);
        stream.fail(StrataException.internal("unexpected failure", failure));
      }
      return;
    }
    stream.complete(answer);
  }

  private static Exchange exchange(Call call, Operation operation) {
    return new Exchange(
        call.requestId(),
        call.receivedAt(),
        call.receivedNanos(),
        WIRE_FORMAT,
        AnthropicCredentials.of(call.request()),
        operation)
        .cachePolicy(CacheHeaders.policy(call.request()));
  }

  private static ChatResponse chatAnswer(Answer answer) {
    return switch (answer) {
      case Answer.Chat chat -> chat.response();
      case Answer.Embeddings embeddings ->
          throw StrataException.internal("a chat request was answered with embeddings", null);
    };
  }
}
