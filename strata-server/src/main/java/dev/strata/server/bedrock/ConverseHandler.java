package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Metering;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.CacheHeaders;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Optional;

/** {@code POST /model/{modelId}/converse} and {@code /converse-stream}. */
final class ConverseHandler implements BlockingHandler {
  private static final System.Logger LOG = System.getLogger(ConverseHandler.class.getName());

  private final RequestPath path;
  private final BedrockExchanges exchanges;
  private final boolean streamed;
  private final Duration drainTimeout;
  private final ConverseDecoder decoder = new ConverseDecoder();

  ConverseHandler(
      RequestPath path, BedrockExchanges exchanges, boolean streamed, Duration drainTimeout) {
    this.path = requireNonNull(path, "path");
    this.exchanges = requireNonNull(exchanges, "exchanges");
    this.streamed = streamed;
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
  }

  @Override
  public void handle(Call call) {
    ChatRequest request =
        decoder.decode(ModelIds.fromPath(call.request().path()), Json.parse(call.body()));
    if (streamed) {
      stream(call, request, new ConverseStreamFormat(), false, drainTimeout, path, exchanges);
    } else {
      Exchange exchange = exchanges.exchange(call, new Operation.Chat(request, Optional.empty()));
      ChatResponse answer = BedrockExchanges.chatAnswer(path.run(exchange));
      Usage usage = usage(exchange, answer);
      HttpServerResponse response = call.response();
      response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
      exchange.servedBy().ifPresent(model -> response.putHeader(StrataHeaders.MODEL, model.name()));
      exchange.metering().ifPresent(m -> BedrockHeaders.putCost(response, m));
      CacheHeaders.put(response, exchange);
      response.end(ConverseEncoder.response(answer, usage, exchange.latencyNanos() / 1_000_000));
    }
  }

  static Usage usage(Exchange exchange, ChatResponse answer) {
    return exchange.metering().map(Metering::usage).orElse(answer.usage().orElse(Usage.ZERO));
  }

  /** Runs a streamed request, relaying it as event-stream frames in {@code format}. */
  static void stream(
      Call call,
      ChatRequest request,
      StreamFormat format,
      boolean chunked,
      Duration drainTimeout,
      RequestPath path,
      BedrockExchanges exchanges) {
    EventStreamSink sink = new EventStreamSink(call.response(), format, chunked, drainTimeout);
    Exchange exchange = exchanges.exchange(call, new Operation.Chat(request, Optional.of(sink)));
    sink.attach(exchange);
    ChatResponse answer;
    try {
      answer = BedrockExchanges.chatAnswer(path.run(exchange));
    } catch (RuntimeException failure) {
      if (!sink.hasStarted()) {
        throw failure; // nothing sent yet: a plain error response
      }
      if (failure instanceof StrataException known) {
        sink.fail(known);
      } else {
        LOG.log(
            System.Logger.Level.ERROR,
            "request " + call.requestId() + " failed mid-stream",
            failure);
        sink.fail(StrataException.internal("unexpected failure", failure));
      }
      return;
    }
    if (!sink.hasStarted()) {
      exchange.metering().ifPresent(m -> BedrockHeaders.putCost(call.response(), m));
    }
    sink.complete(answer);
  }
}
