package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.util.Optional;

/**
 * Why a request body could not be read to its end — too large, a digest or signature that does not
 * match, a broken encoding — raised inside the stream an object store reads, so the store aborts
 * the write; the S3 error it carries is found again through {@link #in}.
 */
final class BodyFailure extends IOException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DEPTH = 16;

  @SuppressWarnings("serial") // never serialised: it lives for one request
  private final StrataException failure;

  BodyFailure(StrataException failure) {
    super(requireNonNull(failure, "failure").getMessage(), failure);
    this.failure = failure;
  }

  StrataException failure() {
    return failure;
  }

  /** The S3 failure a body stream raised somewhere in {@code thrown}'s causes, if one did. */
  static Optional<StrataException> in(Throwable thrown) {
    Throwable cause = thrown;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
      if (cause instanceof BodyFailure body) {
        return Optional.of(body.failure());
      }
      for (Throwable suppressed : cause.getSuppressed()) {
        if (suppressed instanceof BodyFailure body) {
          return Optional.of(body.failure());
        }
      }
      cause = cause.getCause();
    }
    return Optional.empty();
  }
}
