package dev.strata.server.openai;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.EmbeddingResponse;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Metering;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;

/** {@code POST /v1/embeddings}: runs the request path and answers with vectors and cost. */
final class EmbeddingsHandler implements BlockingHandler {
  private final RequestPath path;
  private final EmbeddingsDecoder decoder = new EmbeddingsDecoder();

  EmbeddingsHandler(RequestPath path) {
    this.path = requireNonNull(path, "path");
  }

  @Override
  public void handle(Call call) {
    EmbeddingsDecoder.DecodedEmbeddings decoded = decoder.decode(Json.parse(call.body()));
    Exchange exchange = ChatHandler.exchange(call, new Operation.Embed(decoded.request()));
    EmbeddingResponse answer =
        switch (path.run(exchange)) {
          case Answer.Embeddings embeddings -> embeddings.response();
          case Answer.Chat chat ->
              throw StrataException.internal("an embeddings request was answered by chat", null);
        };
    Optional<Metering> metering = exchange.metering();
    long promptTokens =
        metering.map(m -> m.usage().totalInputTokens()).orElse(answer.inputTokens().orElse(0L));
    String model = exchange.servedBy().map(ModelEntry::name).orElse(decoded.request().model());
    HttpServerResponse response = call.response();
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON);
    response.putHeader(StrataHeaders.MODEL, model);
    metering.ifPresent(m -> ChatHandler.putCostHeaders(response, m));
    response.end(EmbeddingsEncoder.encode(model, answer, promptTokens, decoded.base64()));
  }
}
