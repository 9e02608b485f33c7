package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.CacheHeaders;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /model/{modelId}/invoke} and {@code /invoke-with-response-stream}. A body with {@code
 * anthropic_version} is Anthropic Messages (the form Bedrock takes for Claude); any other is read
 * as Converse. The answer comes back in the request's shape.
 */
final class InvokeHandler implements BlockingHandler {
  private final RequestPath path;
  private final BedrockExchanges exchanges;
  private final boolean streamed;
  private final Duration drainTimeout;
  private final AnthropicBodyDecoder anthropic = new AnthropicBodyDecoder();
  private final ConverseDecoder converse = new ConverseDecoder();

  InvokeHandler(
      RequestPath path, BedrockExchanges exchanges, boolean streamed, Duration drainTimeout) {
    this.path = requireNonNull(path, "path");
    this.exchanges = requireNonNull(exchanges, "exchanges");
    this.streamed = streamed;
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
  }

  @Override
  public void handle(Call call) {
    String model = ModelIds.fromPath(call.request().path());
    JsonNode body = Json.parse(call.body());
    boolean isAnthropic =
        InvokeModelBodies.Shape.of(body) == InvokeModelBodies.Shape.ANTHROPIC_MESSAGES;
    ChatRequest request =
        isAnthropic ? anthropic.decode(model, body) : converse.decode(model, body);
    if (streamed) {
      StreamFormat format =
          isAnthropic
              ? new AnthropicStreamFormat(call.requestId(), model)
              : new WrappedStreamFormat(new ConverseStreamFormat());
      ConverseHandler.stream(call, request, format, true, drainTimeout, path, exchanges);
      return;
    }
    Exchange exchange = exchanges.exchange(call, new Operation.Chat(request, Optional.empty()));
    ChatResponse answer = BedrockExchanges.chatAnswer(path.run(exchange));
    Usage usage = ConverseHandler.usage(exchange, answer);
    long latencyMs = exchange.latencyNanos() / 1_000_000;
    Buffer out =
        isAnthropic
            ? AnthropicBodyEncoder.response(call.requestId(), model, answer, usage)
            : ConverseEncoder.response(answer, usage, latencyMs);
    HttpServerResponse response = call.response();
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    response.putHeader(BedrockHeaders.INPUT_TOKENS, Long.toString(usage.totalInputTokens()));
    response.putHeader(BedrockHeaders.OUTPUT_TOKENS, Long.toString(usage.outputTokens()));
    response.putHeader(BedrockHeaders.LATENCY, Long.toString(latencyMs));
    exchange.servedBy().ifPresent(m -> response.putHeader(StrataHeaders.MODEL, m.name()));
    exchange.metering().ifPresent(m -> BedrockHeaders.putCost(response, m));
    CacheHeaders.put(response, exchange);
    response.end(out);
  }
}
