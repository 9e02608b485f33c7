package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.aws.SignedRequest;
import dev.strata.server.http.Call;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Verifies SigV4-signed Bedrock calls against the access keys Strata issued; unsigned pass on. */
final class SigV4Callers implements BedrockCallerResolver {
  private final SigV4Verifier verifier;

  SigV4Callers(SigV4Verifier verifier) {
    this.verifier = requireNonNull(verifier, "verifier");
  }

  @Override
  public Optional<Principal> verifiedCaller(Call call) {
    HttpServerRequest request = call.request();
    Map<String, List<String>> headers = new HashMap<>();
    request
        .headers()
        .forEach(
            header ->
                headers
                    .computeIfAbsent(
                        header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue()));
    if (!verifier.isSigned(headers)) {
      return Optional.empty();
    }
    if (request.version() == HttpVersion.HTTP_2 && request.authority() != null) {
      headers.putIfAbsent("host", List.of(request.authority().toString()));
    }
    String target = request.uri();
    int query = target.indexOf('?');
    String rawPath = query < 0 ? target : target.substring(0, query);
    String rawQuery = query < 0 ? "" : target.substring(query + 1);
    return Optional.of(
        verifier.verify(
            new SignedRequest(request.method().name(), rawPath, rawQuery, headers, call.body())));
  }

  @Override
  public String toString() {
    return "SigV4Callers[" + verifier + "]";
  }
}
