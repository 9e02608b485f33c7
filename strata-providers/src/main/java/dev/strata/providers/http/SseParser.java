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
 * and decoded only once complete. Not thread-safe: one parser per stream.
 */
public final class SseParser {
  /** The default bound on one event's size: a line or event larger than this is refused. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final int maxEventBytes;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean afterCarriageReturn;
  private int bomBytesSeen;
  private boolean started;
  private final StringBuilder data = new StringBuilder();
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
    String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    lineLength = 0;
    if (line.length > 64 * 1024) {
      line = new byte[256];
    }
    if (text.isEmpty()) {
      dispatch(events);
      return;
    }
    if (text.charAt(0) == ':') {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
        if (data.length() > maxEventBytes) {
          throw tooLarge();
        }
      }
      case "event" -> type = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          eventId = value;
        }
      }
      default -> {
        // "retry" and unknown fields carry nothing an upstream adapter uses.
      }
    }
  }

  private void dispatch(List<SseEvent> events) {
    if (eventId != null) {
      lastId = eventId;
    }
    if (hasData) {
      String eventType = type.isEmpty() ? "message" : type;
      events.add(new SseEvent(eventType, data.toString(), Optional.ofNullable(lastId)));
    }
    data.setLength(0);
    hasData = false;
    type = "";
    eventId = null;
  }
}
