package dev.strata.server.openai.batch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds multipart/form-data bodies by hand, for requests an SDK would never send. */
final class Multipart {
  static final String BOUNDARY = "strata-test-boundary-7d1f";
  static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Multipart field(String name, String value) {
    text("--" + BOUNDARY + "\r\n");
    text("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    text(value + "\r\n");
    return this;
  }

  Multipart file(String name, String filename, byte[] content) {
    text("--" + BOUNDARY + "\r\n");
    text("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n");
    text("Content-Type: application/octet-stream\r\n\r\n");
    body.writeBytes(content);
    text("\r\n");
    return this;
  }

  byte[] build() {
    text("--" + BOUNDARY + "--\r\n");
    return body.toByteArray();
  }

  private void text(String value) {
    body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
  }
}
