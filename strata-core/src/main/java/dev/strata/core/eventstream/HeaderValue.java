package dev.strata.core.eventstream;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** A typed event-stream header value; each record is one of the format's ten wire types. */
public sealed interface HeaderValue {

  /** Boolean: wire types 0 (true) and 1 (false). */
  record Bool(boolean value) implements HeaderValue {}

  /** Wire type 2. */
  record Int8(byte value) implements HeaderValue {}

  /** Wire type 3. */
  record Int16(short value) implements HeaderValue {}

  /** Wire type 4. */
  record Int32(int value) implements HeaderValue {}

  /** Wire type 5. */
  record Int64(long value) implements HeaderValue {}

  /** Wire type 6: up to 32767 bytes. */
  record Bytes(byte[] value) implements HeaderValue {
    public Bytes {
      value = requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes[" + value.length + " bytes]";
    }
  }

  /** Wire type 7: UTF-8 text of up to 32767 bytes. */
  record Text(String value) implements HeaderValue {
    public Text {
      requireNonNull(value, "value");
    }
  }

  /** Wire type 8: milliseconds since the epoch. */
  record Timestamp(Instant value) implements HeaderValue {
    public Timestamp {
      requireNonNull(value, "value");
    }
  }

  /** Wire type 9. */
  record Uuid(UUID value) implements HeaderValue {
    public Uuid {
      requireNonNull(value, "value");
    }
  }
}
