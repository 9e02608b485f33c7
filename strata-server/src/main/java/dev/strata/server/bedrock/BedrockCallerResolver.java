package dev.strata.server.bedrock;

import dev.strata.core.auth.Principal;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.http.Call;
import java.util.Optional;

/**
 * Identifies a caller the Bedrock frontend verifies itself — an AWS SigV4 signature needs the raw
 * request — before the request path runs. Empty means "not signed": the bearer key the request
 * carries (a Bedrock API key) is then authenticated by the path's Authenticate step.
 */
@FunctionalInterface
public interface BedrockCallerResolver {
  /**
   * @throws dev.strata.core.error.StrataException AUTHENTICATION when the request is signed but the
   *     signature does not verify
   */
  Optional<Principal> verifiedCaller(Call call);

  /** Accepts bearer keys only; signed requests are then refused by the Authenticate step. */
  static BedrockCallerResolver bearerOnly() {
    return call -> Optional.empty();
  }

  /**
   * Verifies SigV4 signatures with {@code verifier}; a request without one is left to its bearer
   * key.
   */
  static BedrockCallerResolver sigV4(SigV4Verifier verifier) {
    return new SigV4Callers(verifier);
  }
}
