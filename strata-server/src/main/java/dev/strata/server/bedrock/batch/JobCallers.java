package dev.strata.server.bedrock.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.auth.Principal;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import io.vertx.core.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who calls the job endpoints, as the runtime frontend decides it: a verified SigV4 signature, or
 * else a Bedrock bearer key; and the region their ARNs name (the signature's scope, else {@value
 * JobArns#DEFAULT_REGION}).
 */
final class JobCallers {
  /** A caller and the region they signed for. */
  record Caller(Principal principal, String region) {
    Caller {
      requireNonNull(principal, "principal");
      requireNonNull(region, "region");
    }

    String tenant() {
      return principal.tenant();
    }
  }

  private static final Pattern SCOPE_REGION =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/(?<region>[a-z0-9-]{1,20})/");

  private final BedrockCallerResolver resolver;
  private final Authenticator authenticator;

  JobCallers(BedrockCallerResolver resolver, Authenticator authenticator) {
    this.resolver = requireNonNull(resolver, "resolver");
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  /**
   * @throws dev.strata.core.error.StrataException AUTHENTICATION or PERMISSION_DENIED when the
   *     request is neither validly signed nor carries a valid key
   */
  Caller of(Call call) {
    Optional<Principal> signed = resolver.verifiedCaller(call);
    if (signed.isPresent()) {
      return new Caller(signed.get(), signedRegion(call).orElse(JobArns.DEFAULT_REGION));
    }
    return new Caller(
        authenticator.authenticate(Credentials.of(call.request())), JobArns.DEFAULT_REGION);
  }

  private static Optional<String> signedRegion(Call call) {
    String authorization = call.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      return Optional.empty();
    }
    Matcher matcher = SCOPE_REGION.matcher(authorization);
    return matcher.find() ? Optional.of(matcher.group("region")) : Optional.empty();
  }

  @Override
  public String toString() {
    return "JobCallers[" + resolver + "]";
  }
}
