package dev.strata.server.openai;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Metering;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.CacheHeaders;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/** {@code POST /v1/chat/completions}: decodes, runs the request path, answers plain or as SSE. */
final class ChatHandler implements BlockingHandler {
  private static final System.Logger LOG = System.getLogger(ChatHandler.class.getName());
  static final String WIRE_FORMAT = "openai";

  private final RequestPath path;
  private final ChatRequestDecoder decoder = new ChatRequestDecoder();
  private final Duration drainTimeout;

  ChatHandler(RequestPath path, Duration drainTimeout) {
    this.path = requireNonNull(path, "path");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
  }

  @Override
  public void handle(Call call) {
    ChatRequestDecoder.DecodedChat chat = decoder.decode(Json.parse(call.body()));
    if (chat.stream()) {
      streamed(call, chat);
    } else {
      unary(call, chat);
    }
  }

  private void unary(Call call, ChatRequestDecoder.DecodedChat chat) {
    Exchange exchange = exchange(call, new Operation.Chat(chat.request(), Optional.empty()));
    ChatResponse answer = chatAnswer(path.run(exchange));
    Optional<Metering> metering = exchange.metering();
    Usage usage = metering.map(Metering::usage).orElse(answer.usage().orElse(Usage.ZERO));
    String model = servedModel(exchange, chat);
    Buffer body =
        ChatCompletionEncoder.encode(
            call.requestId(), call.receivedAt().getEpochSecond(), model, answer, usage);
    HttpServerResponse response = call.response();
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    response.putHeader(StrataHeaders.MODEL, model);
    metering.ifPresent(m -> putCostHeaders(response, m));
    CacheHeaders.put(response, exchange);
    response.end(body);
  }

  private void streamed(Call call, ChatRequestDecoder.DecodedChat chat) {
    ChatChunkStream stream =
        new ChatChunkStream(
            call.response(),
            new ChunkEncoder(call.requestId(), call.receivedAt().getEpochSecond()),
            chat.request().model(),
            chat.includeUsage(),
            drainTimeout);
    Exchange exchange = exchange(call, new Operation.Chat(chat.request(), Optional.of(stream)));
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

  static Exchange exchange(Call call, Operation operation) {
    return new Exchange(
        call.requestId(),
        call.receivedAt(),
        call.receivedNanos(),
        WIRE_FORMAT,
        Credentials.of(call.request()),
        operation)
        .cachePolicy(CacheHeaders.policy(call.request()));
  }

  static void putCostHeaders(HttpServerResponse response, Metering metering) {
    response.putHeader(StrataHeaders.COST_USD, metering.cost().total().toUsdString());
    response.putHeader(StrataHeaders.USAGE_SOURCE, metering.source().wireName());
  }

  private static String servedModel(Exchange exchange, ChatRequestDecoder.DecodedChat chat) {
    return exchange.servedBy().map(ModelEntry::name).orElse(chat.request().model());
  }

  private static ChatResponse chatAnswer(Answer answer) {
    return switch (answer) {
      case Answer.Chat chat -> chat.response();
      case Answer.Embeddings embeddings ->
          throw StrataException.internal("a chat request was answered with embeddings", null);
    };
  }
}
