package dev.strata.server.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.json.JsonMappers;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's one Jackson configuration: parses request bodies into trees (with an error that says
 * where the JSON broke) and generates responses straight into Vert.x buffers.
 */
public final class Json {
  /** Shared and never reconfigured after this class is initialised; buffers from the shared pool. */
  public static final ObjectMapper MAPPER =
      JsonMappers.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /**
   * Parses a request body.
   *
   * @throws StrataException INVALID_REQUEST naming the line and column where parsing failed
   */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw StrataException.builder(
              ErrorKind.INVALID_REQUEST,
              "The request body is empty; send a JSON object (Content-Type: application/json).")
          .code("invalid_json")
          .build();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw StrataException.builder(
              ErrorKind.INVALID_REQUEST,
              "We could not parse the JSON body of your request"
                  + where
                  + ": "
                  + e.getOriginalMessage())
          .code("invalid_json")
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory body failed", e);
    }
  }

  /**
   * Whether {@code body} is a JSON object whose top-level member {@code field} is {@code true}
   * (the first such member, if it is repeated). It reads tokens up to that member without building
   * a tree, skipping nested values; a body that is not such an object, malformed or empty, gives
   * false — parsing it properly is left to its handler.
   */
  static boolean isTrueAtTop(byte[] body, String field) {
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals(field)) {
          return value == JsonToken.VALUE_TRUE;
        }
        parser.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** A new buffer holding what {@code writer} generates. */
  public static Buffer write(int sizeHint, JsonWriter writer) {
    Buffer buffer = Buffer.buffer(sizeHint);
    append(buffer, writer);
    return buffer;
  }

  /** Appends what {@code writer} generates to {@code buffer}. */
  public static void append(Buffer buffer, JsonWriter writer) {
    try (JsonGenerator json =
        FACTORY.createGenerator(new BufferOutputStream(buffer), JsonEncoding.UTF8)) {
      writer.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory failed", e);
    }
  }
}
