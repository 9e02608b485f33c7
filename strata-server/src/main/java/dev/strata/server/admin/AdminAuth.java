package dev.strata.server.admin;

import dev.strata.core.error.StrataException;
import dev.strata.server.http.Credentials;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/** Admits a request only with the admin key as its bearer token. */
final class AdminAuth {
  private AdminAuth() {}

  static void require(AdminApi api, HttpServerRequest request) {
    Optional<String> secret = Credentials.of(request);
    if (secret.isEmpty()) {
      throw StrataException.unauthenticated(
          "The admin API needs the admin key as a bearer token"
              + " (Authorization: Bearer sk-strata-admin-…).");
    }
    if (!api.isAdminSecret(secret.get())) {
      throw StrataException.unauthenticated("Incorrect admin key provided.");
    }
  }
}
