package dev.strata.core.eventstream;

/** Bytes that are not a valid event-stream message: bad length, bad CRC, bad header. */
public final class MalformedEventStreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedEventStreamException(String message) {
    super(message);
  }
}
