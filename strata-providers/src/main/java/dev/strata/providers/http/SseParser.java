package dev.strata.providers.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses a server-sent-events byte stream incrementally, as the WHATWG specification says: lines
 * end with CRLF, LF or CR; a blank line dispatches the event; {@code data:} lines accumulate; lines
 * starting with a colon are comments; a leading byte-order mark is skipped. Chunk boundaries may
 * fall anywhere, even inside a line break or a multi-byte character, because lines are cut as bytes
 * and decoded only once complete: an event's data lines are gathered as bytes and decoded once,
 * when it is dispatched. Not thread-safe: one parser per stream.
 */
public final class SseParser {
  /** The default bound on one event's size: a line or event larger than this is refused. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = {'\n'};
  /** Line and data buffers grown past this are dropped once used, not kept for the stream's life. */
  private static final int KEPT_BUFFER_BYTES = 64 * 1024;

  private final int maxEventBytes;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean afterCarriageReturn;
  private int bomBytesSeen;
  private boolean started;
  private byte[] data = new byte[256];
  private int dataLength;
  private boolean hasData;
  private String type = "";
  private String lastId;
  private String eventId;

  public SseParser() {
    this(DEFAULT_MAX_EVENT_BYTES);
  }

  public SseParser(int maxEventBytes) {
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Consumes the next bytes of the stream and returns the events they complete, in order.
   *
   * @throws IllegalStateException when one event grows beyond the size bound
   */
  public List<SseEvent> feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  /** Like {@link #feed(byte[])}, for {@code length} bytes from {@code offset}. */
  public List<SseEvent> feed(byte[] bytes, int offset, int length) {
    List<SseEvent> events = new ArrayList<>(2);
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (!started && skipsBom(b)) {
        continue;
      }
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        afterCarriageReturn = b == '\r';
        endLine(events);
      } else {
        append(b);
      }
    }
    return events;
  }

  /**
   * Called when the stream has ended: returns the last event if its data is complete but the blank
   * line after it never came. (The specification drops such an event; upstreams that close right
   * after {@code data: [DONE]} are common enough to be lenient.)
   */
  public List<SseEvent> finish() {
    List<SseEvent> events = new ArrayList<>(1);
    if (lineLength > 0) {
      endLine(events);
    }
    dispatch(events);
    return events;
  }

  private boolean skipsBom(byte b) {
    if (b == BOM[bomBytesSeen]) {
      bomBytesSeen++;
      started = bomBytesSeen == BOM.length;
      return true;
    }
    started = true;
    // Not a byte-order mark after all: the bytes seen so far belong to the first line.
    for (int i = 0; i < bomBytesSeen; i++) {
      append(BOM[i]);
    }
    return false;
  }

  private void append(byte b) {
    if (lineLength == maxEventBytes) {
      throw tooLarge();
    }
    if (lineLength == line.length) {
      line = Arrays.copyOf(line, Math.min(maxEventBytes, line.length * 2));
    }
    line[lineLength++] = b;
  }

  private IllegalStateException tooLarge() {
    return new IllegalStateException(
        "a server-sent event is larger than " + maxEventBytes + " bytes");
  }

  private void endLine(List<SseEvent> events) {
    int length = lineLength;
    lineLength = 0;
    if (length == 0) {
      dispatch(events);
    } else if (line[0] != ':') {
      field(length);
    }
    if (line.length > KEPT_BUFFER_BYTES) {
      line = new byte[256];
    }
  }

  /** A complete line of {@code length} bytes that is not a comment: {@code field: value}. */
  private void field(int length) {
    int colon = 0;
    while (colon < length && line[colon] != ':') {
      colon++;
    }
    int valueStart = Math.min(colon + 1, length);
    if (valueStart < length && line[valueStart] == ' ') {
      valueStart++;
    }
    if (named(DATA, colon)) {
      if (hasData) {
        appendData(NEWLINE, 0, 1);
      }
      appendData(line, valueStart, length - valueStart);
      hasData = true;
    } else if (named(EVENT, colon)) {
      type = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
    } else if (named(ID, colon)) {
      String value = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
      if (value.indexOf('\0') < 0) {
        eventId = value;
      }
    }
    // "retry" and unknown fields carry nothing an upstream adapter uses.
  }

  private boolean named(byte[] name, int fieldLength) {
    return fieldLength == name.length && Arrays.equals(line, 0, fieldLength, name, 0, fieldLength);
  }

  private void appendData(byte[] bytes, int from, int length) {
    if (length > maxEventBytes - dataLength) {
      throw tooLarge();
    }
    if (dataLength + length > data.length) {
      int capacity = Math.max(dataLength + length, data.length * 2);
      data = Arrays.copyOf(data, Math.min(maxEventBytes, capacity));
    }
    System.arraycopy(bytes, from, data, dataLength, length);
    dataLength += length;
  }

  private void dispatch(List<SseEvent> events) {
    if (eventId != null) {
      lastId = eventId;
    }
    if (hasData) {
      String eventType = type.isEmpty() ? "message" : type;
      String text = new String(data, 0, dataLength, StandardCharsets.UTF_8);
      events.add(new SseEvent(eventType, text, Optional.ofNullable(lastId)));
    }
    dataLength = 0;
    if (data.length > KEPT_BUFFER_BYTES) {
      data = new byte[256];
    }
    hasData = false;
    type = "";
    eventId = null;
  }
}
