package dev.strata.server.aws;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;

/**
 * What verifying an S3 request's signed headers established: the principal of the virtual key whose
 * access key signed it, and how its body — still unread — is bound to the signature.
 */
public record S3Signature(Principal principal, SignedPayload payload) {
  public S3Signature {
    requireNonNull(principal, "principal");
    requireNonNull(payload, "payload");
  }
}
