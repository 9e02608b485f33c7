package dev.strata.core.error;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure with a kind, a message a caller can act on, and the details a wire format needs: the
 * offending parameter, a machine-readable code and, for throttling, when to retry.
 */
public final class StrataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String param;
  private final String code;
  private final Duration retryAfter;
  private final boolean retryable;

  private StrataException(Builder builder) {
    super(builder.message, builder.cause);
    this.kind = builder.kind;
    this.param = builder.param;
    this.code = builder.code;
    this.retryAfter = builder.retryAfter;
    this.retryable = builder.retryable;
  }

  public static Builder builder(ErrorKind kind, String message) {
    return new Builder(kind, message);
  }

  public static StrataException invalid(String message) {
    return builder(ErrorKind.INVALID_REQUEST, message).build();
  }

  public static StrataException invalid(String param, String message) {
    return builder(ErrorKind.INVALID_REQUEST, message).param(param).build();
  }

  public static StrataException modelNotFound(String model) {
    return builder(ErrorKind.NOT_FOUND, "The model '" + model + "' does not exist")
        .param("model")
        .code("model_not_found")
        .build();
  }

  public static StrataException unauthenticated(String message) {
    return builder(ErrorKind.AUTHENTICATION, message).code("invalid_api_key").build();
  }

  public static StrataException internal(String message, Throwable cause) {
    return builder(ErrorKind.INTERNAL, message).cause(cause).build();
  }

  public ErrorKind kind() {
    return kind;
  }

  public int httpStatus() {
    return kind.httpStatus();
  }

  public Optional<String> param() {
    return Optional.ofNullable(param);
  }

  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether another attempt (the same upstream later, or the next in a fallback list) may work. */
  public boolean isRetryable() {
    return retryable;
  }

  /** Builds a {@link StrataException}; only kind and message are required. */
  public static final class Builder {
    private final ErrorKind kind;
    private final String message;
    private String param;
    private String code;
    private Duration retryAfter;
    private boolean retryable;
    private Throwable cause;

    private Builder(ErrorKind kind, String message) {
      this.kind = requireNonNull(kind, "kind");
      this.message = requireNonNull(message, "message");
      this.retryable =
          kind == ErrorKind.UNAVAILABLE
              || kind == ErrorKind.UPSTREAM_TIMEOUT
              || kind == ErrorKind.RATE_LIMITED;
    }

    public Builder param(String value) {
      this.param = value;
      return this;
    }

    public Builder code(String value) {
      this.code = value;
      return this;
    }

    public Builder retryAfter(Duration value) {
      this.retryAfter = value;
      return this;
    }

    public Builder retryable(boolean value) {
      this.retryable = value;
      return this;
    }

    public Builder cause(Throwable value) {
      this.cause = value;
      return this;
    }

    public StrataException build() {
      return new StrataException(this);
    }
  }
}
