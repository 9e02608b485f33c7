package dev.strata.core.path;

/**
 * One step of the request path: does its job on the exchange and calls {@code next}, or ends the
 * request by throwing a {@link dev.strata.core.error.StrataException}. Work placed after the call
 * to {@code next} runs as the path unwinds, innermost step first.
 */
@FunctionalInterface
public interface Step {
  Answer serve(Exchange exchange, Next next);

  /** The rest of the path. */
  @FunctionalInterface
  interface Next {
    Answer proceed(Exchange exchange);
  }
}
