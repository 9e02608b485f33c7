package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.eventstream.EventStreamEncoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.eventstream.HeaderValue;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Metering;
import dev.strata.core.provider.StreamSink;
import dev.strata.server.http.Json;
import dev.strata.server.http.CacheHeaders;
import dev.strata.server.http.PacedWriter;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relays a streamed answer as {@code application/vnd.amazon.eventstream} frames, each written as it
 * arrives. Frames carry the format's events directly (ConverseStream) or wrapped as {@code chunk}
 * events of base64 JSON (InvokeModelWithResponseStream). A client that is gone, or does not read
 * for the drain timeout, makes the next event throw CLIENT_CLOSED so the path stops.
 */
final class EventStreamSink implements StreamSink {
  static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

  private final HttpServerResponse response;
  private final StreamFormat format;
  private final boolean chunked;
  private final PacedWriter writer;
  private Exchange exchange;
  private boolean started;

  EventStreamSink(
      HttpServerResponse response, StreamFormat format, boolean chunked, Duration drainTimeout) {
    this.response = requireNonNull(response, "response");
    this.format = requireNonNull(format, "format");
    this.chunked = chunked;
    this.writer = new PacedWriter(response, drainTimeout, "stream");
  }

  void attach(Exchange owner) {
    this.exchange = requireNonNull(owner, "owner");
  }

  @Override
  public void accept(StreamEvent event) {
    if (writer.clientGone()) {
      throw clientClosed();
    }
    List<StreamFormat.Part> parts = new ArrayList<>(2);
    format.event(event, parts);
    if (!parts.isEmpty()) {
      send(frames(parts));
    }
  }

  boolean hasStarted() {
    return started;
  }

  /** Ends a successful stream with the format's closing events, carrying the metered usage. */
  void complete(ChatResponse answer) {
    if (writer.clientGone()) {
      return;
    }
    Usage usage =
        exchange.metering().map(Metering::usage).orElse(answer.usage().orElse(Usage.ZERO));
    List<StreamFormat.Part> parts = new ArrayList<>(3);
    format.end(answer, usage, exchange.latencyNanos() / 1_000_000, parts);
    Buffer out = frames(parts);
    startIfNeeded();
    response.end(out);
  }

  /** Ends a stream that failed after it started with an exception frame. */
  void fail(StrataException failure) {
    if (writer.clientGone() || failure.kind() == ErrorKind.CLIENT_CLOSED) {
      response.reset();
      return;
    }
    BedrockErrors.Rendered rendered = BedrockErrors.of(failure);
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", new HeaderValue.Text("exception"));
    headers.put(":exception-type", new HeaderValue.Text(rendered.streamType(chunked)));
    headers.put(":content-type", new HeaderValue.Text("application/json"));
    Buffer payload =
        Json.write(
            128,
            json -> {
              json.writeStartObject();
              json.writeStringField("message", rendered.message());
              json.writeEndObject();
            });
    response.end(
        Buffer.buffer(
            EventStreamEncoder.encode(new EventStreamMessage(headers, payload.getBytes()))));
  }

  private Buffer frames(List<StreamFormat.Part> parts) {
    Buffer out = Buffer.buffer(256);
    for (StreamFormat.Part part : parts) {
      out.appendBytes(EventStreamEncoder.encode(chunked ? chunk(part) : event(part)));
    }
    return out;
  }

  private static EventStreamMessage event(StreamFormat.Part part) {
    return new EventStreamMessage(eventHeaders(part.eventType()), part.json().getBytes());
  }

  private static EventStreamMessage chunk(StreamFormat.Part part) {
    String bytes = Base64.getEncoder().encodeToString(part.json().getBytes());
    Buffer payload =
        Json.write(
            bytes.length() + 16,
            json -> {
              json.writeStartObject();
              json.writeStringField("bytes", bytes);
              json.writeEndObject();
            });
    return new EventStreamMessage(eventHeaders("chunk"), payload.getBytes());
  }

  private static Map<String, HeaderValue> eventHeaders(String eventType) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", new HeaderValue.Text(eventType));
    headers.put(":content-type", new HeaderValue.Text("application/json"));
    headers.put(":message-type", new HeaderValue.Text("event"));
    return headers;
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
    response.putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
    if (chunked) {
      response.putHeader(BedrockHeaders.CONTENT_TYPE_ECHO, "application/json");
    }
    exchange.servedBy().ifPresent(model -> response.putHeader(StrataHeaders.MODEL, model.name()));
    CacheHeaders.put(response, exchange);
  }

  private static StrataException clientClosed() {
    return StrataException.builder(
            ErrorKind.CLIENT_CLOSED, "The client closed the connection during the stream.")
        .build();
  }
}
