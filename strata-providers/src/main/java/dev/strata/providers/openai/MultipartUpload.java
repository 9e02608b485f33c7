package dev.strata.providers.openai;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) that uploads one file with its purpose, as OpenAI's
 * Files API takes it.
 */
record MultipartUpload(String contentType, byte[] body) {
  MultipartUpload {
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
  }

  static MultipartUpload of(String purpose, String filename, byte[] content) {
    requireNonNull(purpose, "purpose");
    requireNonNull(filename, "filename");
    requireNonNull(content, "content");
    // A random boundary: a prompt cannot contain it by accident.
    String boundary = "strata-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
    text(body, "--" + boundary + "\r\n");
    text(body, "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n");
    text(body, purpose + "\r\n");
    text(body, "--" + boundary + "\r\n");
    text(body, "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n");
    text(body, "Content-Type: application/jsonl\r\n\r\n");
    body.writeBytes(content);
    text(body, "\r\n--" + boundary + "--\r\n");
    return new MultipartUpload("multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  private static void text(ByteArrayOutputStream body, String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "MultipartUpload[" + contentType + ", " + body.length + " bytes]";
  }
}
