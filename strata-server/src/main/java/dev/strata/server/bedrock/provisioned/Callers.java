package dev.strata.server.bedrock.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.auth.Principal;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import java.util.Optional;

/** Who calls the control plane: a verified SigV4 signature, else the bearer key presented. */
final class Callers {
  private final BedrockCallerResolver signed;
  private final Authenticator authenticator;

  Callers(BedrockCallerResolver signed, Authenticator authenticator) {
    this.signed = requireNonNull(signed, "signed");
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  Principal of(Call call) {
    Optional<Principal> verified = signed.verifiedCaller(call);
    return verified.isPresent()
        ? verified.get()
        : authenticator.authenticate(Credentials.of(call.request()));
  }
}
