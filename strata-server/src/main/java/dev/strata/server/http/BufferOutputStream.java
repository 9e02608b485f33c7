package dev.strata.server.http;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/** Appends to a Vert.x buffer, so JSON is generated straight into the bytes that are sent. */
final class BufferOutputStream extends OutputStream {
  private final Buffer buffer;

  BufferOutputStream(Buffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public void write(int b) {
    buffer.appendByte((byte) b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    buffer.appendBytes(bytes, offset, length);
  }
}
