package dev.strata.core.eventstream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decodes event-stream frames as bytes arrive, in chunks of any size. It buffers at most one
 * message (bounded by {@code maxMessageBytes}) and rejects a bad length or CRC before reading on.
 * A chunk that holds good messages and then a bad frame yields the good ones first; the failure is
 * reported by the next call ({@link #feed} or {@link #finish}), so nothing decoded is lost. Not
 * thread-safe; after a failure it stays failed.
 */
public final class EventStreamDecoder {
  private final int maxMessageBytes;
  private byte[] buffer = new byte[256];
  private int length;
  private boolean failed;
  /** A failure found after good messages of the same chunk, reported by the next call. */
  private MalformedEventStreamException pending;

  /** A decoder that accepts messages up to {@link EventStreamLimits#MAX_MESSAGE_BYTES}. */
  public EventStreamDecoder() {
    this(EventStreamLimits.MAX_MESSAGE_BYTES);
  }

  public EventStreamDecoder(int maxMessageBytes) {
    if (maxMessageBytes < EventStreamLimits.OVERHEAD_BYTES
        || maxMessageBytes > EventStreamLimits.MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "maxMessageBytes must be between 16 and " + EventStreamLimits.MAX_MESSAGE_BYTES);
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Decodes exactly one complete frame.
   *
   * @throws MalformedEventStreamException when the bytes are not exactly one valid message
   */
  public static EventStreamMessage decodeOne(byte[] frame) {
    EventStreamDecoder decoder = new EventStreamDecoder();
    List<EventStreamMessage> messages = decoder.feed(frame);
    decoder.finish();
    if (messages.size() != 1) {
      throw new MalformedEventStreamException(
          "expected one event-stream message, found " + messages.size());
    }
    return messages.get(0);
  }

  /**
   * Takes the next bytes and returns the messages they complete, in order.
   *
   * @throws MalformedEventStreamException on a bad length, CRC or header
   */
  public List<EventStreamMessage> feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  public List<EventStreamMessage> feed(byte[] bytes, int offset, int count) {
    throwIfFailed();
    List<EventStreamMessage> messages = new ArrayList<>(1);
    int position = offset;
    int end = offset + count;
    try {
      while (position < end) {
        int needed =
            length < EventStreamLimits.PRELUDE_BYTES
                ? EventStreamLimits.PRELUDE_BYTES
                : totalLength();
        int take = Math.min(needed - length, end - position);
        append(bytes, position, take);
        position += take;
        if (length == EventStreamLimits.PRELUDE_BYTES
            && needed == EventStreamLimits.PRELUDE_BYTES) {
          checkPrelude();
        }
        if (length >= EventStreamLimits.PRELUDE_BYTES && length == totalLength()) {
          messages.add(message());
          length = 0;
        }
      }
    } catch (MalformedEventStreamException e) {
      failed = true;
      if (messages.isEmpty()) {
        throw e;
      }
      pending = e;
    }
    return messages;
  }

  private void throwIfFailed() {
    if (pending != null) {
      MalformedEventStreamException failure = pending;
      pending = null;
      throw failure;
    }
    if (failed) {
      throw new MalformedEventStreamException("the event stream already failed to decode");
    }
  }

  /** Whether some bytes of an unfinished message are buffered. */
  public boolean hasPartialMessage() {
    return length > 0;
  }

  /**
   * Declares the input ended.
   *
   * @throws MalformedEventStreamException when it ended inside a message, or a bad frame followed
   *     the last messages returned
   */
  public void finish() {
    throwIfFailed();
    if (length > 0) {
      failed = true;
      throw new MalformedEventStreamException(
          "the event stream ended inside a message, after " + length + " of its bytes");
    }
  }

  private void append(byte[] bytes, int offset, int count) {
    if (length + count > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
    }
    System.arraycopy(bytes, offset, buffer, length, count);
    length += count;
  }

  private int totalLength() {
    return ByteBuffer.wrap(buffer, 0, 4).getInt();
  }

  private void checkPrelude() {
    ByteBuffer prelude = ByteBuffer.wrap(buffer, 0, EventStreamLimits.PRELUDE_BYTES);
    int total = prelude.getInt();
    int headers = prelude.getInt();
    int expectedCrc = prelude.getInt();
    int actualCrc = (int) EventStreamEncoder.crc(buffer, 0, 8);
    if (expectedCrc != actualCrc) {
      throw new MalformedEventStreamException(
          "prelude CRC mismatch: the frame says "
              + Integer.toHexString(expectedCrc)
              + ", its bytes give "
              + Integer.toHexString(actualCrc));
    }
    if (total < EventStreamLimits.OVERHEAD_BYTES || total > maxMessageBytes) {
      throw new MalformedEventStreamException(
          "message length "
              + Integer.toUnsignedString(total)
              + " is outside 16.."
              + maxMessageBytes
              + " bytes");
    }
    if (headers < 0
        || headers > EventStreamLimits.MAX_HEADERS_BYTES
        || headers > total - EventStreamLimits.OVERHEAD_BYTES) {
      throw new MalformedEventStreamException(
          "headers length "
              + Integer.toUnsignedString(headers)
              + " does not fit a message of "
              + total
              + " bytes (limit "
              + EventStreamLimits.MAX_HEADERS_BYTES
              + ")");
    }
  }

  private EventStreamMessage message() {
    int total = length;
    int expectedCrc = ByteBuffer.wrap(buffer, total - 4, 4).getInt();
    int actualCrc = (int) EventStreamEncoder.crc(buffer, 0, total - 4);
    if (expectedCrc != actualCrc) {
      throw new MalformedEventStreamException(
          "message CRC mismatch: the frame says "
              + Integer.toHexString(expectedCrc)
              + ", its bytes give "
              + Integer.toHexString(actualCrc));
    }
    int headersLength = ByteBuffer.wrap(buffer, 4, 4).getInt();
    int payloadStart = EventStreamLimits.PRELUDE_BYTES + headersLength;
    Map<String, HeaderValue> headers =
        headers(ByteBuffer.wrap(buffer, EventStreamLimits.PRELUDE_BYTES, headersLength).slice());
    byte[] payload = Arrays.copyOfRange(buffer, payloadStart, total - 4);
    return new EventStreamMessage(headers, payload);
  }

  private static Map<String, HeaderValue> headers(ByteBuffer in) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    while (in.hasRemaining()) {
      int nameLength = Byte.toUnsignedInt(in.get());
      if (nameLength == 0) {
        throw new MalformedEventStreamException("a header has an empty name");
      }
      String name = utf8(take(in, nameLength, "header name"), "header name");
      if (!in.hasRemaining()) {
        throw new MalformedEventStreamException("header '" + name + "' has no value type");
      }
      int type = in.get();
      HeaderValue value =
          switch (type) {
            case 0 -> new HeaderValue.Bool(true);
            case 1 -> new HeaderValue.Bool(false);
            case 2 -> new HeaderValue.Int8(take(in, 1, name).get());
            case 3 -> new HeaderValue.Int16(take(in, 2, name).getShort());
            case 4 -> new HeaderValue.Int32(take(in, 4, name).getInt());
            case 5 -> new HeaderValue.Int64(take(in, 8, name).getLong());
            case 6 -> new HeaderValue.Bytes(bytes(take(in, sizedLength(in, name), name)));
            case 7 -> new HeaderValue.Text(utf8(take(in, sizedLength(in, name), name), name));
            case 8 -> new HeaderValue.Timestamp(Instant.ofEpochMilli(take(in, 8, name).getLong()));
            case 9 -> {
              ByteBuffer uuid = take(in, 16, name);
              yield new HeaderValue.Uuid(new UUID(uuid.getLong(), uuid.getLong()));
            }
            default ->
                throw new MalformedEventStreamException(
                    "header '" + name + "' has unknown value type " + type);
          };
      if (headers.put(name, value) != null) {
        throw new MalformedEventStreamException("header '" + name + "' appears twice");
      }
    }
    return headers;
  }

  private static int sizedLength(ByteBuffer in, String name) {
    int size = take(in, 2, name).getShort();
    if (size < 0) {
      throw new MalformedEventStreamException("header '" + name + "' has a negative length");
    }
    return size;
  }

  private static ByteBuffer take(ByteBuffer in, int count, String what) {
    if (in.remaining() < count) {
      throw new MalformedEventStreamException(
          "the headers end inside '" + what + "' (" + count + " bytes needed)");
    }
    ByteBuffer slice = in.slice(in.position(), count);
    in.position(in.position() + count);
    return slice;
  }

  private static byte[] bytes(ByteBuffer in) {
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    return bytes;
  }

  private static String utf8(ByteBuffer in, String what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEventStreamException("'" + what + "' is not valid UTF-8");
    }
  }
}
