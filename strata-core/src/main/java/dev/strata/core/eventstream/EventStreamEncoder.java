package dev.strata.core.eventstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/** Encodes messages into event-stream frames, refusing any that break the format's limits. */
public final class EventStreamEncoder {
  private EventStreamEncoder() {}

  /**
   * The frame of {@code message}.
   *
   * @throws IllegalArgumentException when a header name or value, the headers or the whole message
   *     is too large for the format
   */
  public static byte[] encode(EventStreamMessage message) {
    byte[] headers = headers(message.headers());
    byte[] payload = message.payload();
    long total = (long) EventStreamLimits.OVERHEAD_BYTES + headers.length + payload.length;
    if (total > EventStreamLimits.MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "an event-stream message of "
              + total
              + " bytes exceeds the limit of "
              + EventStreamLimits.MAX_MESSAGE_BYTES);
    }
    ByteBuffer frame = ByteBuffer.allocate((int) total);
    frame.putInt((int) total);
    frame.putInt(headers.length);
    frame.putInt((int) crc(frame.array(), 0, 8));
    frame.put(headers);
    frame.put(payload);
    frame.putInt((int) crc(frame.array(), 0, frame.position()));
    return frame.array();
  }

  private static byte[] headers(Map<String, HeaderValue> headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    for (Map.Entry<String, HeaderValue> header : headers.entrySet()) {
      byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || name.length > EventStreamLimits.MAX_NAME_BYTES) {
        throw new IllegalArgumentException(
            "header name '" + header.getKey() + "' must be 1 to 255 bytes long");
      }
      out.write(name.length);
      out.writeBytes(name);
      value(out, header.getKey(), header.getValue());
    }
    if (out.size() > EventStreamLimits.MAX_HEADERS_BYTES) {
      throw new IllegalArgumentException(
          "event-stream headers of "
              + out.size()
              + " bytes exceed the limit of "
              + EventStreamLimits.MAX_HEADERS_BYTES);
    }
    return out.toByteArray();
  }

  private static void value(ByteArrayOutputStream out, String name, HeaderValue value) {
    switch (value) {
      case HeaderValue.Bool b -> out.write(b.value() ? 0 : 1);
      case HeaderValue.Int8 v -> {
        out.write(2);
        out.write(v.value());
      }
      case HeaderValue.Int16 v -> {
        out.write(3);
        out.writeBytes(ByteBuffer.allocate(2).putShort(v.value()).array());
      }
      case HeaderValue.Int32 v -> {
        out.write(4);
        out.writeBytes(ByteBuffer.allocate(4).putInt(v.value()).array());
      }
      case HeaderValue.Int64 v -> {
        out.write(5);
        out.writeBytes(ByteBuffer.allocate(8).putLong(v.value()).array());
      }
      case HeaderValue.Bytes v -> sized(out, 6, name, v.value());
      case HeaderValue.Text v -> sized(out, 7, name, v.value().getBytes(StandardCharsets.UTF_8));
      case HeaderValue.Timestamp v -> {
        out.write(8);
        out.writeBytes(ByteBuffer.allocate(8).putLong(v.value().toEpochMilli()).array());
      }
      case HeaderValue.Uuid v -> {
        out.write(9);
        out.writeBytes(
            ByteBuffer.allocate(16)
                .putLong(v.value().getMostSignificantBits())
                .putLong(v.value().getLeastSignificantBits())
                .array());
      }
    }
  }

  private static void sized(ByteArrayOutputStream out, int type, String name, byte[] bytes) {
    if (bytes.length > EventStreamLimits.MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "the value of header '" + name + "' is longer than 32767 bytes");
    }
    out.write(type);
    out.write(bytes.length >>> 8);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
