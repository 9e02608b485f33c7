package dev.strata.server.openai;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Metering;
import dev.strata.core.provider.StreamSink;
import dev.strata.server.http.CacheHeaders;
import dev.strata.server.http.PacedWriter;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Relays a streamed answer to the client as OpenAI {@code chat.completion.chunk} events, each
 * written and flushed as it arrives. The status and headers go out with the first event. Once the
 * client is gone — disconnected, or not reading for the drain timeout — the next event throws
 * CLIENT_CLOSED, so the path stops the upstream and meters what was delivered.
 */
final class ChatChunkStream implements StreamSink {
  private final HttpServerResponse response;
  private final ChunkEncoder encoder;
  private final String requestedModel;
  private final boolean includeUsage;
  private final PacedWriter writer;
  private final Map<Integer, Integer> toolCallIndexByBlock = new HashMap<>();
  private Exchange exchange;
  private boolean started;
  private boolean roleSent;
  private boolean finishSent;

  ChatChunkStream(
      HttpServerResponse response,
      ChunkEncoder encoder,
      String requestedModel,
      boolean includeUsage,
      Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.encoder = requireNonNull(encoder, "encoder");
    this.requestedModel = requireNonNull(requestedModel, "requestedModel");
    this.includeUsage = includeUsage;
    this.writer = new PacedWriter(response, drainTimeout, "stream");
  }

  /** The exchange this stream belongs to, for the served model and, at the end, the metering. */
  void attach(Exchange owner) {
    this.exchange = requireNonNull(owner, "owner");
  }

  @Override
  public void accept(StreamEvent event) {
    if (writer.clientGone()) {
      throw clientClosed();
    }
    Buffer out = Buffer.buffer(256);
    String model = model();
    switch (event) {
      case StreamEvent.MessageStart start -> ensureRole(out, model);
      case StreamEvent.TextDelta delta -> {
        ensureRole(out, model);
        if (!delta.text().isEmpty()) {
          encoder.text(out, model, delta.text());
        }
      }
      case StreamEvent.ToolUseStart start -> {
        ensureRole(out, model);
        int index = toolCallIndexByBlock.size();
        toolCallIndexByBlock.put(start.index(), index);
        encoder.toolCallStart(out, model, index, start.toolUseId(), start.name());
      }
      case StreamEvent.ToolInputDelta delta -> {
        ensureRole(out, model);
        Integer index = toolCallIndexByBlock.get(delta.index());
        if (index == null) {
          // Arguments without a start: announce the call as the accumulator records it.
          index = toolCallIndexByBlock.size();
          toolCallIndexByBlock.put(delta.index(), index);
          encoder.toolCallStart(out, model, index, "call_" + delta.index(), "unknown");
        }
        encoder.toolCallArguments(out, model, index, delta.partialJson());
      }
      case StreamEvent.MessageStop stop -> {
        ensureRole(out, model);
        encoder.finish(out, model, stop.stopReason());
        finishSent = true;
      }
      case StreamEvent.ContentBlockStop stop -> {}
      case StreamEvent.UsageReport report -> {}
    }
    if (out.length() > 0) {
      send(out);
    }
  }

  /** Whether the status and headers went out, so errors must now be stream events. */
  boolean hasStarted() {
    return started;
  }

  /** Ends a successful stream: finish reason if none came, usage if asked for, then [DONE]. */
  void complete(ChatResponse answer) {
    if (writer.clientGone()) {
      return;
    }
    Buffer out = Buffer.buffer(512);
    String model = model();
    ensureRole(out, model);
    if (!finishSent) {
      encoder.finish(out, model, answer.stopReason());
    }
    if (includeUsage) {
      Optional<Metering> metering = exchange.metering();
      Usage usage = metering.map(Metering::usage).orElse(answer.usage().orElse(Usage.ZERO));
      encoder.usage(out, model, usage, metering);
    }
    ChunkEncoder.done(out);
    startIfNeeded();
    response.end(out);
  }

  /** Ends a stream that failed after it started with a final error event. */
  void fail(StrataException failure) {
    if (writer.clientGone() || failure.kind() == ErrorKind.CLIENT_CLOSED) {
      response.reset();
      return;
    }
    Buffer out = Buffer.buffer(256);
    ChunkEncoder.error(out, failure);
    response.end(out);
  }

  private void ensureRole(Buffer out, String model) {
    if (!roleSent) {
      roleSent = true;
      encoder.role(out, model);
    }
  }

  private void send(Buffer out) {
    startIfNeeded();
    try {
      writer.write(out);
    } catch (IOException gone) {
      throw clientClosed();
    }
  }

  private void startIfNeeded() {
    if (started) {
      return;
    }
    started = true;
    response.setStatusCode(200);
    response.setChunked(true);
    response.putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.EVENT_STREAM);
    response.putHeader(HttpHeaders.CACHE_CONTROL, StrataHeaders.NO_CACHE);
    exchange.servedBy().ifPresent(model -> response.putHeader(StrataHeaders.MODEL, model.name()));
    CacheHeaders.put(response, exchange);
  }

  private String model() {
    return exchange.servedBy().map(ModelEntry::name).orElse(requestedModel);
  }

  private static StrataException clientClosed() {
    return StrataException.builder(
            ErrorKind.CLIENT_CLOSED, "The client closed the connection during the stream.")
        .build();
  }
}
