package dev.strata.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes one JSON value with a streaming generator. */
@FunctionalInterface
public interface JsonWriter {
  void write(JsonGenerator json) throws IOException;
}
