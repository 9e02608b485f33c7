package dev.strata.core.path;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;

/**
 * Resolves the caller's key to the principal the request is billed to; refuses bad keys. An
 * exchange a frontend already verified (AWS SigV4) passes through.
 */
public final class Authenticate implements Step {
  private final Authenticator authenticator;

  public Authenticate(Authenticator authenticator) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  @Override
  public Answer serve(Exchange exchange, Next next) {
    if (exchange.principal().isEmpty()) {
      exchange.authenticatedAs(authenticator.authenticate(exchange.credential()));
    }
    return next.proceed(exchange);
  }
}
