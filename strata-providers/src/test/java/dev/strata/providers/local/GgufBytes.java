package dev.strata.providers.local;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes a GGUF v3 header with no tensors, for tests of what is read from it. */
final class GgufBytes {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int keys;

  GgufBytes string(String key, String value) {
    key(key, 8);
    writeString(value);
    return this;
  }

  GgufBytes bool(String key, boolean value) {
    key(key, 7);
    body.write(value ? 1 : 0);
    return this;
  }

  GgufBytes u32(String key, int value) {
    key(key, 4);
    body.writeBytes(le(4).putInt(value).array());
    return this;
  }

  GgufBytes f32(String key, float value) {
    key(key, 6);
    body.writeBytes(le(4).putFloat(value).array());
    return this;
  }

  void key(String key, int type) {
    keys++;
    writeString(key);
    body.writeBytes(le(4).putInt(type).array());
  }

  void u64Raw(long value) {
    body.writeBytes(le(8).putLong(value).array());
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le(4).putInt(3).array());
    out.writeBytes(le(8).putLong(0).array());
    out.writeBytes(le(8).putLong(keys).array());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private void writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    body.writeBytes(le(8).putLong(utf8.length).array());
    body.writeBytes(utf8);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
