package dev.strata.server.openai.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes OpenAI's file object: {@code {id, object:"file", bytes, created_at, filename, …}}. */
final class FileJson {
  private FileJson() {}

  static void write(JsonGenerator json, StoredFile file) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", file.id());
    json.writeStringField("object", "file");
    json.writeNumberField("bytes", file.bytes());
    json.writeNumberField("created_at", file.createdAt().getEpochSecond());
    if (file.expiresAt().isPresent()) {
      json.writeNumberField("expires_at", file.expiresAt().get().getEpochSecond());
    } else {
      json.writeNullField("expires_at");
    }
    json.writeStringField("filename", file.filename());
    json.writeStringField("purpose", file.purpose());
    json.writeStringField("status", "processed");
    json.writeNullField("status_details");
    json.writeEndObject();
  }
}
