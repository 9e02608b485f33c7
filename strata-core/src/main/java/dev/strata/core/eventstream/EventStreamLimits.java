package dev.strata.core.eventstream;

/** The format's size limits, as AWS enforces them. */
public final class EventStreamLimits {
  /** Prelude (total length, headers length, prelude CRC) plus the trailing message CRC. */
  public static final int OVERHEAD_BYTES = 16;

  /** The largest headers section AWS accepts. */
  public static final int MAX_HEADERS_BYTES = 128 * 1024;

  /** The largest whole message AWS accepts. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** The longest header name (its length is one byte). */
  static final int MAX_NAME_BYTES = 255;

  /** The longest string or byte-array header value (its length is a signed short). */
  static final int MAX_VALUE_BYTES = Short.MAX_VALUE;

  static final int PRELUDE_BYTES = 12;

  private EventStreamLimits() {}
}
