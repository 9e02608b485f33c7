package dev.strata.server.anthropic;

import static java.util.Objects.requireNonNull;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StopReason;
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
 * Relays a streamed answer as Anthropic's events — message_start, content blocks with their deltas,
 * then message_delta (final usage and Strata's exact cost) and message_stop — each written and
 * flushed as it arrives. Once the client is gone (disconnected, or not reading for the drain
 * timeout) the next event throws CLIENT_CLOSED, so the path stops the upstream and meters what was
 * delivered.
 */
final class MessageEventStream implements StreamSink {
  private final HttpServerResponse response;
  private final String messageId;
  private final String requestedModel;
  private final long estimatedInputTokens;
  private final PacedWriter writer;
  private final Map<Integer, Integer> blockIndex = new HashMap<>();
  private Exchange exchange;
  private boolean started;
  private boolean messageStarted;
  private boolean pingSent;
  private int openBlock = -1;
  private StopReason stopReason;

  MessageEventStream(
      HttpServerResponse response,
      String messageId,
      String requestedModel,
      long estimatedInputTokens,
      Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.messageId = requireNonNull(messageId, "messageId");
    this.requestedModel = requireNonNull(requestedModel, "requestedModel");
    this.estimatedInputTokens = estimatedInputTokens;
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
    ensureMessageStarted(out);
    switch (event) {
      case StreamEvent.MessageStart start -> {}
      case StreamEvent.TextDelta delta -> {
        if (!blockIndex.containsKey(delta.index())) {
          int index = open(out, delta.index());
          EventEncoder.textStart(out, index);
          pingOnce(out);
        }
        if (!delta.text().isEmpty()) {
          EventEncoder.textDelta(out, blockIndex.get(delta.index()), delta.text());
        }
      }
      case StreamEvent.ToolUseStart start -> {
        int index = open(out, start.index());
        EventEncoder.toolUseStart(out, index, start.toolUseId(), start.name());
        pingOnce(out);
      }
      case StreamEvent.ToolInputDelta delta -> {
        if (!blockIndex.containsKey(delta.index())) {
          // Input without a start: announce the call as the stream accumulator records it.
          int index = open(out, delta.index());
          EventEncoder.toolUseStart(out, index, "call_" + delta.index(), "unknown");
          pingOnce(out);
        }
        EventEncoder.inputJsonDelta(out, blockIndex.get(delta.index()), delta.partialJson());
      }
      case StreamEvent.ContentBlockStop stop -> {
        Integer index = blockIndex.get(stop.index());
        if (index != null && index == openBlock) {
          closeOpenBlock(out);
        }
      }
      case StreamEvent.MessageStop stop -> {
        closeOpenBlock(out);
        stopReason = stop.stopReason();
      }
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

  /** Ends a successful stream: open blocks closed, message_delta with usage and cost, stop. */
  void complete(ChatResponse answer) {
    if (writer.clientGone()) {
      return;
    }
    Buffer out = Buffer.buffer(512);
    ensureMessageStarted(out);
    closeOpenBlock(out);
    Optional<Metering> metering = exchange.metering();
    Usage usage = metering.map(Metering::usage).orElse(answer.usage().orElse(Usage.ZERO));
    EventEncoder.messageDelta(
        out, stopReason == null ? answer.stopReason() : stopReason, usage, metering);
    EventEncoder.messageStop(out);
    startIfNeeded();
    response.end(out);
  }

  /** Ends a stream that failed after it started with an {@code error} event. */
  void fail(StrataException failure) {
    if (writer.clientGone() || failure.kind() == ErrorKind.CLIENT_CLOSED) {
      response.reset();
      return;
    }
    Buffer out = Buffer.buffer(256);
    EventEncoder.error(out, failure);
    response.end(out);
  }

  private void ensureMessageStarted(Buffer out) {
    if (!messageStarted) {
      messageStarted = true;
      EventEncoder.messageStart(out, messageId, model(), estimatedInputTokens);
    }
  }

  /** Closes the open block and maps canonical {@code canonicalIndex} to the next Anthropic one. */
  private int open(Buffer out, int canonicalIndex) {
    closeOpenBlock(out);
    int index = blockIndex.size();
    blockIndex.put(canonicalIndex, index);
    openBlock = index;
    return index;
  }

  private void closeOpenBlock(Buffer out) {
    if (openBlock >= 0) {
      EventEncoder.blockStop(out, openBlock);
      openBlock = -1;
    }
  }

  private void pingOnce(Buffer out) {
    if (!pingSent) {
      pingSent = true;
      EventEncoder.ping(out);
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
